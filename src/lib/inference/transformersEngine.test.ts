// The real engine's `infer` on Bedside's committed models, in Node (Transformers.js on onnxruntime-node).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entitiesFromTokens } from '../ner/entities';
import { catalogueModel } from '../models/catalogue';
import type { LoadCallbacks } from './engine';
import type { BackendChoice } from './runtime';
import { logSoftmaxAt } from './tasks/scoring';
import { TransformersEngine } from './transformersEngine';

const ROOT = join(import.meta.dirname, '../../..');
const callbacks: LoadCallbacks = { onProgress: () => {}, onPhase: () => {}, onNotice: () => {} };
// onnxruntime-node has no 'wasm' device; 'cpu' is its equivalent.
const cpu = { device: 'cpu', dtype: 'q8', threads: 1, reason: 'test' } as unknown as BackendChoice;

function engine(): TransformersEngine {
	return new TransformersEngine({ mjs: '', wasm: '' }, join(ROOT, 'models/'), true);
}

describe('logSoftmaxAt', () => {
	it('matches a direct computation and is stable for large logits', () => {
		const row = [1, 2, 3];
		const direct = 2 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
		expect(logSoftmaxAt([9, ...row], 1, 3, 1)).toBeCloseTo(direct, 10);
		expect(logSoftmaxAt([1000, 1000], 0, 2, 0)).toBeCloseTo(Math.log(0.5), 10);
	});
});

describe('TransformersEngine.infer (real models, Node)', () => {
	it('token-classification finds a drug and a disease, one array per text', { timeout: 60_000 }, async () => {
		const e = engine();
		await e.load(catalogueModel('bedside/ner-bc5cdr'), cpu, callbacks);
		const texts = ['Warfarin was started for atrial fibrillation.', '', 'No findings.'];
		const out = await e.infer('bedside/ner-bc5cdr', { kind: 'token-classification', texts });
		expect(out.kind).toBe('token-classification');
		if (out.kind !== 'token-classification') return;
		expect(out.results).toHaveLength(3);
		expect(out.results[1]).toEqual([]);
		const { entities } = entitiesFromTokens(texts[0]!, out.results[0]!);
		expect(entities.map((x) => [x.type, x.text])).toEqual(
			expect.arrayContaining([
				['Chemical', 'Warfarin'],
				['Disease', 'atrial fibrillation']
			])
		);
	});

	it('embed gives unit vectors, closer for related sentences', { timeout: 60_000 }, async () => {
		const e = engine();
		await e.load(catalogueModel('bedside/med-embed'), cpu, callbacks);
		const texts = ['The patient has chest pain.', 'Chest pain in the patient.', 'Metformin 500 mg twice daily.'];
		const out = await e.infer('bedside/med-embed', { kind: 'embed', texts });
		if (out.kind !== 'embed') throw new Error('wrong kind');
		expect(out.vectors).toHaveLength(3);
		const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
		const [a, b, c] = out.vectors as [number[], number[], number[]];
		expect(dot(a, a)).toBeCloseTo(1, 4);
		expect(dot(a, b)).toBeGreaterThan(dot(a, c));
	});

	it('loglik scores continuations: negative sums, token counts, the plausible one higher', { timeout: 60_000 }, async () => {
		const e = engine();
		await e.load(catalogueModel('bedside/med-lm'), cpu, callbacks);
		const out = await e.infer('bedside/med-lm', {
			kind: 'loglik',
			messages: [{ role: 'user', content: 'What are the symptoms of diabetes?' }],
			continuations: ['The symptoms of diabetes include increased thirst.', 'zq xv zq xv zq.']
		});
		if (out.kind !== 'loglik') throw new Error('wrong kind');
		expect(out.scores).toHaveLength(2);
		for (const s of out.scores) {
			expect(s.logprob).toBeLessThan(0);
			expect(s.tokens).toBeGreaterThan(0);
		}
		expect(out.scores[0]!.logprob / out.scores[0]!.tokens).toBeGreaterThan(out.scores[1]!.logprob / out.scores[1]!.tokens);
	});
});
