import { describe, expect, it } from 'vitest';
import { applyRepetitionPenalty, argmax, halfToFloat, sampleToken } from './sampling';
import { sessionPlan, FOLD_LIMIT_BYTES } from '../sessionPolicy';

/** A deterministic [0, 1) sequence for sampling tests. */
function seeded(seed: number): () => number {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('sampling', () => {
	it('repetition penalty divides positive and multiplies negative logits, once per distinct id', () => {
		const logits = Float32Array.from([2, -2, 1, 4]);
		applyRepetitionPenalty(logits, [0, 1, 1, 1], 2);
		expect(Array.from(logits)).toEqual([1, -4, 1, 4]);
	});

	it('argmax takes the first of equal maxima, as Transformers.js does', () => {
		expect(argmax(Float32Array.from([1, 5, 5, 2]))).toBe(1);
	});

	it('temperature 0 is greedy; top-p keeps only the nucleus; draws follow the probabilities', () => {
		const logits = Float32Array.from([Math.log(0.6), Math.log(0.3), Math.log(0.1)]);
		expect(sampleToken(logits, { temperature: 0, topP: 1, topK: 0, repetitionPenalty: 1 })).toBe(0);
		const random = seeded(7);
		const nucleus = new Set(
			Array.from({ length: 200 }, () => sampleToken(logits, { temperature: 1, topP: 0.8, topK: 0, repetitionPenalty: 1 }, random))
		);
		expect(nucleus).toEqual(new Set([0, 1]));
		const draws = Array.from({ length: 4000 }, () =>
			sampleToken(logits, { temperature: 1, topP: 1, topK: 0, repetitionPenalty: 1 }, random)
		);
		expect(draws.filter((t) => t === 0).length / 4000).toBeCloseTo(0.6, 1);
		expect(draws.filter((t) => t === 2).length / 4000).toBeCloseTo(0.1, 1);
		expect(sampleToken(logits, { temperature: 1, topP: 1, topK: 1, repetitionPenalty: 1 }, random)).toBe(0);
	});

	it('reads IEEE half floats', () => {
		expect(Array.from(halfToFloat(Uint16Array.from([0x3c00, 0xc000, 0x0000, 0x7c00, 0x3555])))).toEqual([
			1,
			-2,
			0,
			Infinity,
			expect.closeTo(0.33325, 4)
		]);
	});
});

describe('session rule (sessionPolicy.ts)', () => {
	it('folds 8-bit weights on WASM while the fp32 copy stays small; never on WebGPU or for 4-bit', () => {
		expect(sessionPlan('wasm', 'q8', 7.6e6)).toMatchObject({
			foldsWeights: true,
			sessionOptions: { extra: { session: { disable_quant_qdq: '1' } } }
		});
		expect(sessionPlan('wasm', 'q8', FOLD_LIMIT_BYTES / 4 + 1).foldsWeights).toBe(false);
		expect(sessionPlan('wasm', 'q4', 1e6)).toMatchObject({ foldsWeights: false, sessionOptions: {} });
		expect(sessionPlan('webgpu', 'q8', 1e6).foldsWeights).toBe(false);
	});
	it('skips prepacked weight copies for decoders only (one row per step)', () => {
		expect(sessionPlan('wasm', 'q8', 7.6e6, 'text-generation').sessionOptions).toEqual({
			extra: { session: { disable_quant_qdq: '1', disable_prepacking: '1' } }
		});
		expect(sessionPlan('wasm', 'q8', 3e6, 'token-classification').sessionOptions).toEqual({
			extra: { session: { disable_quant_qdq: '1' } }
		});
		expect(sessionPlan('webgpu', 'q8', 7.6e6, 'text-generation').sessionOptions).toEqual({});
	});
});
