import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from './fusion';

describe('reciprocalRankFusion', () => {
	it('scores 1/(k + rank) summed over lists', () => {
		const fused = reciprocalRankFusion([
			['a', 'b', 'c'],
			['b', 'd']
		]);
		const score = Object.fromEntries(fused.map((f) => [f.item, f.score]));
		expect(score.b).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
		expect(score.a).toBeCloseTo(1 / (RRF_K + 1));
		expect(score.d).toBeCloseTo(1 / (RRF_K + 2));
		expect(fused[0]?.item).toBe('b');
		expect(fused.find((f) => f.item === 'c')?.ranks).toEqual([3, null]);
	});

	it('puts an item ranked well in both lists above one ranked first in one', () => {
		const fused = reciprocalRankFusion([
			['x', 'both'],
			['y', 'both']
		]);
		expect(fused[0]?.item).toBe('both');
	});

	it('is deterministic on ties (first seen first) and ignores duplicates within a list', () => {
		expect(reciprocalRankFusion([['p'], ['q']]).map((f) => f.item)).toEqual(['p', 'q']);
		const fused = reciprocalRankFusion([['p', 'p', 'q']]);
		expect(fused.map((f) => [f.item, f.ranks[0]])).toEqual([
			['p', 1],
			['q', 3]
		]);
	});

	it('handles empty input', () => {
		expect(reciprocalRankFusion([])).toEqual([]);
		expect(reciprocalRankFusion([[], []])).toEqual([]);
	});
});
