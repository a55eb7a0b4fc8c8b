import { describe, expect, it } from 'vitest';
import { mulberry32 } from './bootstrap';
import { predictLabel, predictProbabilities, trainLogisticRegression } from './classifier';

const labels = ['yes', 'no', 'maybe'];
const centres: Record<string, number[]> = { yes: [4, 4, 1], no: [-4, 0, 1], maybe: [0, -4, 1] };

/** Points scattered (±1 per axis) round three far-apart centres: linearly separable. The third axis is constant. */
function clusters(perClass: number, seed: number, counts: Record<string, number> = {}) {
	const random = mulberry32(seed);
	const vectors: number[][] = [];
	const targets: string[] = [];
	for (const label of labels) {
		for (let i = 0; i < (counts[label] ?? perClass); i++) {
			vectors.push(centres[label]!.map((value, d) => (d === 2 ? value : value + (random() * 2 - 1))));
			targets.push(label);
		}
	}
	return { vectors, targets };
}

describe('trainLogisticRegression', () => {
	const train = clusters(20, 1);
	const { model, lossHistory } = trainLogisticRegression(train.vectors, train.targets, { labels, seed: 1 });

	it('separates a separable set, on training and on fresh points', () => {
		train.vectors.forEach((vector, index) => expect(predictLabel(model, vector)).toBe(train.targets[index]));
		const test = clusters(10, 99);
		test.vectors.forEach((vector, index) => expect(predictLabel(model, vector)).toBe(test.targets[index]));
	});

	it('returns probabilities that sum to 1 and favour the right class', () => {
		const probabilities = predictProbabilities(model, [4, 4, 1]);
		expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
		expect(probabilities[0]).toBeGreaterThan(0.9);
	});

	it('lowers the loss as it trains', () => {
		expect(lossHistory).toHaveLength(100);
		expect(lossHistory.at(-1)!).toBeLessThan(lossHistory[0]! / 2);
		expect(lossHistory.at(-1)!).toBeLessThan(0.1);
	});

	it('is deterministic for a seed, and the seed matters', () => {
		const again = trainLogisticRegression(train.vectors, train.targets, { labels, seed: 1, epochs: 5 });
		const same = trainLogisticRegression(train.vectors, train.targets, { labels, seed: 1, epochs: 5 });
		const other = trainLogisticRegression(train.vectors, train.targets, { labels, seed: 2, epochs: 5 });
		expect(same.model).toEqual(again.model);
		expect(other.model.weights).not.toEqual(again.model.weights);
	});

	it('shrinks weights with a stronger L2 penalty', () => {
		const norm = (weights: number[][]) => Math.hypot(...weights.flat());
		const strong = trainLogisticRegression(train.vectors, train.targets, { labels, l2: 1 });
		expect(norm(strong.model.weights)).toBeLessThan(norm(model.weights) / 2);
	});

	it('with balanced class weights, gives a rare class more weight', () => {
		// "maybe" is 2 of 42 points: balancing weights each of its points 7x, so its region grows.
		const skewed = clusters(20, 5, { maybe: 2 });
		const plain = trainLogisticRegression(skewed.vectors, skewed.targets, { labels }).model;
		const balanced = trainLogisticRegression(skewed.vectors, skewed.targets, { labels, balanceClasses: true }).model;
		const between = [-2, -2, 1]; // halfway between the "no" and "maybe" centres
		expect(predictProbabilities(balanced, between)[2]!).toBeGreaterThan(predictProbabilities(plain, between)[2]!);
		expect(predictLabel(balanced, [0, -4, 1])).toBe('maybe');
	});

	it('stores as plain JSON and predicts the same after a round trip', () => {
		const restored = JSON.parse(JSON.stringify(model));
		expect(predictProbabilities(restored, [1, 2, 3])).toEqual(predictProbabilities(model, [1, 2, 3]));
		expect(predictProbabilities(model, Float32Array.from([1, 2, 3]))).toHaveLength(3);
	});

	it('rejects bad training data with a clear message', () => {
		expect(() => trainLogisticRegression([], [], { labels })).toThrow(/no training vectors/);
		expect(() => trainLogisticRegression([[1, 2], [1]], ['yes', 'no'], { labels })).toThrow(/vector 1 has 1 dimensions, expected 2/);
		expect(() => trainLogisticRegression([[1], [Number.NaN]], ['yes', 'no'], { labels })).toThrow(/non-finite/);
		expect(() => trainLogisticRegression([[1], [2]], ['yes', 'perhaps'], { labels })).toThrow(/target 1 is "perhaps"/);
		expect(() => trainLogisticRegression([[1]], ['yes'], { labels: ['yes'] })).toThrow(/two labels/);
		expect(() => predictProbabilities(model, [1, 2])).toThrow(/expects 3/);
	});
});
