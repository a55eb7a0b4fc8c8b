import { describe, expect, it } from 'vitest';
import { bootstrapCi, bootstrapStatistics, meanCi, mulberry32, quantile, type BootstrapOptions } from './bootstrap';
import { macroF1, prfFromCounts, sumCounts } from './metrics';

const accuracyCi = (correct: boolean[], options?: BootstrapOptions) =>
	bootstrapCi(correct, (s) => s.filter(Boolean).length / s.length, options);
import { mean } from './metrics';

/** `correctCount` of `n` items right, spread evenly so any prefix has about the same rate. */
function correctness(n: number, rate: number): boolean[] {
	return Array.from({ length: n }, (_, i) => Math.floor((i + 1) * rate) > Math.floor(i * rate));
}

describe('mulberry32', () => {
	it('is deterministic per seed and uniform enough', () => {
		const a = mulberry32(42);
		const b = mulberry32(42);
		const first = Array.from({ length: 5 }, () => a());
		expect(Array.from({ length: 5 }, () => b())).toEqual(first);
		expect(mulberry32(43)()).not.toBe(first[0]);
		const random = mulberry32(7);
		const draws = Array.from({ length: 20_000 }, () => random());
		expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...draws)).toBeLessThan(1);
		expect(mean(draws)).toBeCloseTo(0.5, 1);
	});
});

describe('quantile', () => {
	it('interpolates linearly like numpy.percentile', () => {
		// positions (n-1)q: 0.5 -> 1.5 -> between 2 and 3; 0.25 -> 0.75 -> 1 + 0.75 * (2 - 1)
		expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
		expect(quantile([5], 0.975)).toBe(5);
		expect(quantile([], 0.5)).toBeNaN();
	});
});

describe('bootstrapCi', () => {
	it('is deterministic for a seed and changes with it', () => {
		const items = correctness(100, 0.6);
		expect(accuracyCi(items, { seed: 3 })).toEqual(accuracyCi(items, { seed: 3 }));
		expect(accuracyCi(items, { seed: 3 })).not.toEqual(accuracyCi(items, { seed: 4 }));
	});

	it('contains the point estimate and narrows as n grows', () => {
		const small = accuracyCi(correctness(50, 0.7), { seed: 1 });
		const large = accuracyCi(correctness(800, 0.7), { seed: 1 });
		for (const ci of [small, large]) {
			expect(ci.estimate).toBeCloseTo(0.7, 2);
			expect(ci.lower).toBeLessThan(ci.estimate);
			expect(ci.upper).toBeGreaterThan(ci.estimate);
		}
		expect(large.upper - large.lower).toBeLessThan((small.upper - small.lower) / 2);
		// Normal approximation for n = 800: 2 * 1.96 * sqrt(0.7 * 0.3 / 800) ~ 0.064.
		expect(large.upper - large.lower).toBeGreaterThan(0.05);
		expect(large.upper - large.lower).toBeLessThan(0.08);
	});

	it('cuts 2.5% of the bootstrap distribution off each side for a 95% interval', () => {
		const scores = Array.from({ length: 300 }, (_, i) => (i * 37) % 101);
		const statistics = bootstrapStatistics(scores, mean, { seed: 5, resamples: 2000 });
		const ci = meanCi(scores, { seed: 5, resamples: 2000 });
		const below = statistics.filter((value) => value < ci.lower).length / statistics.length;
		const above = statistics.filter((value) => value > ci.upper).length / statistics.length;
		expect(below).toBeCloseTo(0.025, 2);
		expect(above).toBeCloseTo(0.025, 2);
	});

	it('reports its settings and gives a zero-width interval for constant items', () => {
		const ci = meanCi([0.25, 0.25, 0.25], { resamples: 200, seed: 9, confidence: 0.9 });
		expect(ci).toEqual({ estimate: 0.25, lower: 0.25, upper: 0.25, confidence: 0.9, resamples: 200, seed: 9, n: 3 });
	});

	it('recomputes the metric per resample rather than averaging item scores', () => {
		// micro-F1 over summed counts: TP 1, predicted 1, gold 4 -> P 1, R 1/4, F1 0.4 (mean of per-sentence F1 would be 0.5)
		const counts = [
			{ truePositives: 1, predicted: 1, gold: 1 },
			{ truePositives: 0, predicted: 0, gold: 3 }
		];
		expect(bootstrapCi(counts, (sample) => prfFromCounts(sumCounts(sample)).f1).estimate).toBeCloseTo(0.4, 12);
		expect(bootstrapCi(counts, (sample) => prfFromCounts(sumCounts(sample)).recall).estimate).toBeCloseTo(0.25, 12);
		const pairs = [
			{ gold: 'yes', predicted: 'yes' },
			{ gold: 'no', predicted: null }
		];
		// yes: F1 1; no: TP 0 -> 0; macro 1/2
		expect(
			bootstrapCi(pairs, (sample) =>
				macroF1(
					sample.map((p) => p.gold),
					sample.map((p) => p.predicted),
					['yes', 'no']
				)
			).estimate
		).toBe(0.5);
	});

	it('rejects unusable input with a clear message', () => {
		expect(() => bootstrapCi([], mean)).toThrow(/zero items/);
		expect(() => meanCi([1], { resamples: 0 })).toThrow(/resamples/);
		expect(() => meanCi([1], { confidence: 95 })).toThrow(/confidence/);
	});
});
