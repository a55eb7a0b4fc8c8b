// The second-generation models (med-lm-2 and the hoc / ddi specialists), loaded with Transformers.js in Node from
// the committed folders, must reproduce the dev figures their MANIFEST.json records.
import { AutoModelForCausalLM, AutoModelForSequenceClassification, AutoTokenizer, Tensor } from '@huggingface/transformers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest, MODEL_ROOT, readJsonl } from './helpers';
import { blindMarked, classifierConfig } from '../../src/lib/inference/tasks/sequenceClassification';
import { markPair, PROMPTS, TASKS, type Row } from './lm2';

const LM = 'bedside/med-lm-2';

// med-lm-2 lands only once its recipe's evaluation has written the parity figures into its MANIFEST.
describe.skipIf(!existsSync(join(MODEL_ROOT, LM, 'MANIFEST.json')))(LM, () => {
	it('renders the chat template as the Python recipe, with the default system prompt when none is given', async () => {
		const tok = await AutoTokenizer.from_pretrained(LM);
		const expected = `<|bos|><|system|>\n${PROMPTS.system}<|end|>\n<|user|>\nWhat is asthma?<|end|>\n<|assistant|>\n`;
		const user = { role: 'user', content: 'What is asthma?' };
		const opts = { tokenize: false, add_generation_prompt: true } as const;
		expect(tok.apply_chat_template([user], opts)).toBe(expected);
		expect(tok.apply_chat_template([{ role: 'system', content: PROMPTS.system }, user], opts)).toBe(expected);
	});

	for (const t of TASKS) {
		it(`greedy answers on ${t.set} dev reproduce the manifest's parity figures`, { timeout: 600_000 }, async () => {
			const tok = await AutoTokenizer.from_pretrained(LM);
			const model = await AutoModelForCausalLM.from_pretrained(LM, { dtype: 'q8' });
			const parity = manifest('med-lm-2').metrics.parity[t.set];
			const rows = readJsonl<Row>(t.set, 'dev', parity.outputs.length);
			const spec = PROMPTS.tasks[t.task];
			const outs: string[] = [];
			for (const r of rows) {
				const text = tok.apply_chat_template([{ role: 'user', content: t.prompt(r) }], { tokenize: false, add_generation_prompt: true }) as string;
				const ids = tok.encode(text, { add_special_tokens: false });
				const input_ids = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
				const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
				const seq = (await model.generate({
					input_ids, attention_mask, max_new_tokens: t.maxNew ?? spec.max_new_tokens, do_sample: false,
					repetition_penalty: spec.repetition_penalty
				} as any)) as Tensor;
				const gen = Array.from(seq.data as BigInt64Array, Number).slice(ids.length);
				outs.push(tok.decode(gen, { skip_special_tokens: true }).trim());
			}
			const same = outs.filter((o, i) => o === parity.outputs[i]).length / rows.length;
			// int8 in ONNX Runtime vs int8 simulated in torch: a near-tie can flip one greedy token, which matters more
			// the longer the answer (MedQuAD's 128 free-text tokens), so the bar is lower there and the metric decides.
			// The session-15 med-lm-2: 70% of its 40 MedQuAD answers identical, ROUGE-L 0.2767 against 0.2762.
			expect(same).toBeGreaterThanOrEqual(t.set === 'medquad' ? 0.65 : 0.9);
			const got = t.score(rows, outs);
			for (const [k, v] of Object.entries(got)) expect(Math.abs(v - parity[k]), k).toBeLessThan(0.06);
		});
	}
});

async function classify(name: string, texts: string[]): Promise<number[][]> {
	const tok = await AutoTokenizer.from_pretrained(`bedside/${name}`);
	const model = await AutoModelForSequenceClassification.from_pretrained(`bedside/${name}`, { dtype: 'q8' });
	const out: number[][] = [];
	for (const text of texts) {
		const { logits } = await model(tok(text, { truncation: true, max_length: 256 }));
		out.push(Array.from(logits.data as Float32Array));
	}
	return out;
}

const f1 = (tp: number, fp: number, fn: number) => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0);

describe('bedside/hoc-hallmarks', () => {
	it('macro-F1 on hoc dev (per-label thresholds from config.json) matches the manifest', { timeout: 300_000 }, async () => {
		const m = manifest('hoc-hallmarks') as any;
		const rows = readJsonl<Row>('hoc');
		const logits = await classify('hoc-hallmarks', rows.map((r) => r.context));
		const labels: string[] = m.labels, th: number[] = m.thresholds;
		const counts = labels.map((l, j) => {
			const c = [0, 0, 0];
			rows.forEach((r, i) => {
				const p = 1 / (1 + Math.exp(-logits[i][j])) >= th[j], g = r.labels.includes(l);
				c[0] += +(p && g); c[1] += +(p && !g); c[2] += +(g && !p);
			});
			return c;
		});
		const macro = counts.reduce((s, c) => s + f1(c[0], c[1], c[2]), 0) / labels.length;
		expect(macro).toBeGreaterThan(0.2); // predicting nothing scores 0
		expect(Math.abs(macro - m.metrics.dev_int8_sim.macro_f1)).toBeLessThan(0.03);
	});
});

describe('bedside/ddi-relation', () => {
	it('micro-F1 over the positive classes on ddi2013 dev matches the manifest', { timeout: 300_000 }, async () => {
		const m = manifest('ddi-relation') as any;
		const tok = await AutoTokenizer.from_pretrained('bedside/ddi-relation');
		for (const marker of ['[E1]', '[/E1]', '[E2]', '[/E2]']) expect(tok.encode(marker, { add_special_tokens: false })).toHaveLength(1);
		const rows = readJsonl<Row>('ddi2013');
		// A blinded model (config.json bedside_blind) reads the names replaced, as in its recipe and in the app.
		const { blind } = classifierConfig('bedside/ddi-relation', JSON.parse(readFileSync(join(MODEL_ROOT, 'bedside/ddi-relation/config.json'), 'utf8')));
		const input = (r: Row) => markPair(r.context, r.entities);
		const texts = rows.map((r) => (blind ? blindMarked(input(r), blind.markers, blind.name) : input(r)));
		const logits = await classify('ddi-relation', texts);
		const labels: string[] = m.labels;
		let tp = 0, fp = 0, fn = 0;
		rows.forEach((r, i) => {
			const p = labels[logits[i].indexOf(Math.max(...logits[i]))];
			if (p !== 'none') p === r.answer ? tp++ : fp++;
			if (r.answer !== 'none' && p !== r.answer) fn++;
		});
		const micro = f1(tp, fp, fn);
		expect(micro).toBeGreaterThan(0.1); // predicting 'none' scores 0
		expect(Math.abs(micro - m.metrics.dev_int8_sim.micro_f1)).toBeLessThan(0.03);
	});
});
