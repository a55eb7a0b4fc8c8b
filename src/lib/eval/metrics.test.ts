import { describe, expect, it } from 'vitest';
import {
	accuracy,
	classF1,
	entityCounts,
	entityPrf,
	extractEntities,
	longestCommonSubsequence,
	macroF1,
	mean,
	microF1,
	multilabelMacroF1,
	multilabelMicroF1,
	prfFromCounts,
	relationCounts,
	rougeLF1,
	wordTokens
} from './metrics';

describe('accuracy', () => {
	it('counts exact matches; null is wrong', () => {
		// 2 of 4 right (A, B); D != C and null != D.
		expect(accuracy(['A', 'B', 'C', 'D'], ['A', 'B', 'D', null])).toBe(0.5);
	});
	it('is NaN on no items and refuses mismatched lengths', () => {
		expect(accuracy([], [])).toBeNaN();
		expect(() => accuracy(['A'], [])).toThrow(/1 gold values but 0 predictions/);
	});
	it('mean of numbers', () => {
		expect(mean([1, 2, 6])).toBe(3);
		expect(mean([])).toBeNaN();
	});
});

describe('macroF1', () => {
	it('averages per-label F1 over the given labels', () => {
		// yes: TP 1 (item 1), predicted 2, gold 2 -> P 1/2, R 1/2, F1 1/2
		// no:  TP 1 (item 3), predicted 2, gold 1 -> P 1/2, R 1, F1 2/3
		// maybe: TP 0, gold 1 -> F1 0.   Macro = (1/2 + 2/3 + 0) / 3 = 7/18
		expect(macroF1(['yes', 'yes', 'no', 'maybe'], ['yes', 'no', 'no', 'yes'], ['yes', 'no', 'maybe'])).toBeCloseTo(7 / 18, 12);
	});
	it('scores a label absent from gold and predictions as 0 (scikit-learn convention)', () => {
		// yes 1, no 1, maybe 0/0 -> 0: (1 + 1 + 0) / 3
		expect(macroF1(['yes', 'no'], ['yes', 'no'], ['yes', 'no', 'maybe'])).toBeCloseTo(2 / 3, 12);
	});
	it('null and out-of-set predictions only cost recall', () => {
		// A: TP 1, pred 1, gold 2 -> P 1, R 1/2, F1 2/3;  B: TP 1, pred 1, gold 1 -> 1.  Macro 5/6
		expect(macroF1(['A', 'A', 'B'], ['A', null, 'B'], ['A', 'B'])).toBeCloseTo(5 / 6, 12);
		expect(macroF1(['A', 'A', 'B'], ['A', 'Z', 'B'], ['A', 'B'])).toBeCloseTo(5 / 6, 12);
	});
	it('needs labels', () => {
		expect(() => macroF1(['A'], ['A'], [])).toThrow(RangeError);
	});
});

describe('microF1 over a label subset', () => {
	it('leaves the negative class out (DDI convention)', () => {
		// positives: TP 1 (effect), predicted 2 (effect, advise), gold 2 (effect, advise) -> P 1/2, R 1/2, F1 1/2
		const gold = ['effect', 'none', 'advise', 'none'];
		const predicted = ['effect', 'advise', 'none', 'none'];
		expect(microF1(gold, predicted, ['mechanism', 'effect', 'advise', 'int'])).toBeCloseTo(0.5, 12);
	});
});

describe('multilabelMacroF1', () => {
	it('computes a binary F1 per label over items', () => {
		// x: gold items 1,2; predicted item 1 -> P 1, R 1/2, F1 2/3
		// y: gold item 2; predicted items 2,3 -> P 1/2, R 1, F1 2/3.  Macro 2/3
		expect(multilabelMacroF1([['x'], ['x', 'y'], []], [['x'], ['y'], ['y']], ['x', 'y'])).toBeCloseTo(2 / 3, 12);
	});
});

describe('extractEntities (seqeval default mode)', () => {
	it('reads B-I runs and ends them on O or B', () => {
		expect(extractEntities(['B-D', 'I-D', 'O', 'B-D', 'B-D'])).toEqual([
			{ type: 'D', start: 0, end: 2 },
			{ type: 'D', start: 3, end: 4 },
			{ type: 'D', start: 4, end: 5 }
		]);
	});
	it('starts an entity on a stray I-', () => {
		expect(extractEntities(['O', 'I-D', 'I-D', 'O'])).toEqual([{ type: 'D', start: 1, end: 3 }]);
		expect(extractEntities(['I-D'])).toEqual([{ type: 'D', start: 0, end: 1 }]);
	});
	it('ends an entity on a change of type', () => {
		expect(extractEntities(['B-Chemical', 'I-Disease', 'I-Disease'])).toEqual([
			{ type: 'Chemical', start: 0, end: 1 },
			{ type: 'Disease', start: 1, end: 3 }
		]);
	});
	it('closes an entity at the end of the sentence', () => {
		expect(extractEntities(['O', 'B-D', 'I-D'])).toEqual([{ type: 'D', start: 1, end: 3 }]);
		expect(extractEntities(['O', 'O'])).toEqual([]);
	});
});

describe('entity-level strict P/R/F1', () => {
	it('matches the seqeval README example (F1 0.5)', () => {
		// gold MISC[3,6) PER[0,2); predicted MISC[2,6) PER[0,2): TP 1, P 1/2, R 1/2
		const gold = [
			['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'],
			['B-PER', 'I-PER', 'O']
		];
		const predicted = [
			['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'],
			['B-PER', 'I-PER', 'O']
		];
		expect(entityPrf(gold, predicted)).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
	});
	it('sums counts over sentences (micro) and credits a stray I- that spans the gold entity', () => {
		// s1: gold D[0,2) D[3,4); predicted I I O O -> D[0,2): TP 1, pred 1, gold 2
		// s2: gold D[1,3); predicted D[0,3): TP 0, pred 1, gold 1
		// total TP 1, pred 2, gold 3 -> P 1/2, R 1/3, F1 = (2 * 1/6) / (5/6) = 0.4
		const gold = [
			['B-D', 'I-D', 'O', 'B-D'],
			['O', 'B-D', 'I-D']
		];
		const predicted = [
			['I-D', 'I-D', 'O', 'O'],
			['B-D', 'I-D', 'I-D']
		];
		expect(entityCounts(gold[0]!, predicted[0]!)).toEqual({ truePositives: 1, predicted: 1, gold: 2 });
		const { precision, recall, f1 } = entityPrf(gold, predicted);
		expect(precision).toBeCloseTo(0.5, 12);
		expect(recall).toBeCloseTo(1 / 3, 12);
		expect(f1).toBeCloseTo(0.4, 12);
	});
	it('needs the type to match as well as the span', () => {
		expect(entityCounts(['B-Chemical', 'O'], ['B-Disease', 'O'])).toEqual({ truePositives: 0, predicted: 1, gold: 1 });
	});
	it('gives 0, not NaN, when there are no entities at all (seqeval convention)', () => {
		expect(entityPrf([['O', 'O']], [['O', 'O']])).toEqual({ precision: 0, recall: 0, f1: 0 });
	});
	it('refuses a prediction with a different number of tags', () => {
		expect(() => entityCounts(['O', 'O'], ['O'])).toThrow(/2 gold values but 1 predictions/);
	});
});

describe('ROUGE-L', () => {
	it('tokenises to lowercase words', () => {
		expect(wordTokens("Ménière's disease, 81-mg!")).toEqual(['ménière', 's', 'disease', '81', 'mg']);
	});
	it('matches a hand-computed LCS example', () => {
		// pred: the cat sat on the mat (6); ref: the cat lay on the red mat (7)
		// LCS = the cat on the mat = 5 -> P 5/6, R 5/7, F1 = 2PR/(P+R) = 10/13
		expect(longestCommonSubsequence(wordTokens('The cat sat on the mat'), wordTokens('the cat lay on the red mat'))).toBe(5);
		expect(rougeLF1('The cat sat on the mat', 'the cat lay on the red mat')).toBeCloseTo(10 / 13, 12);
	});
	it('is order-sensitive', () => {
		// LCS of "a b c" and "c b a" is 1 -> P = R = 1/3
		expect(rougeLF1('a b c', 'c b a')).toBeCloseTo(1 / 3, 12);
	});
	it('ignores case and punctuation; empty sides score 0', () => {
		expect(rougeLF1('Aspirin, 81-mg!', 'aspirin 81 mg')).toBe(1);
		expect(rougeLF1('', 'aspirin')).toBe(0);
		expect(rougeLF1('...', '')).toBe(0);
	});
});

describe('relation and multi-label micro-F1', () => {
	it('relationCounts counts any positive prediction, gold positives and equal positive pairs', () => {
		const gold = ['effect', 'none', 'advise', 'none', 'mechanism'];
		const predicted = ['effect', 'int', 'effect', 'none', null];
		// predicted positives: effect, int, effect = 3; gold positives: effect, advise, mechanism = 3; TP 1
		expect(relationCounts(gold, predicted, 'none')).toEqual({ truePositives: 1, predicted: 3, gold: 3 });
		expect(prfFromCounts(relationCounts(gold, predicted, 'none')).f1).toBeCloseTo(1 / 3, 12);
		// effect one-vs-rest: TP 1, predicted 2, gold 1 -> 2/3
		expect(classF1(gold, predicted, 'effect')).toBeCloseTo(2 / 3, 12);
		expect(classF1(gold, predicted, 'mechanism')).toBe(0);
	});

	it('multilabelMicroF1 sums counts over labels', () => {
		// a: TP 1, pred 2, gold 1; b: TP 1, pred 1, gold 2 -> TP 2, pred 3, gold 3 -> 4/6
		expect(multilabelMicroF1([['a', 'b'], ['b'], []], [['a', 'b'], [], ['a']], ['a', 'b'])).toBeCloseTo(2 / 3, 12);
		expect(multilabelMicroF1([[]], [[]], ['a'])).toBe(0);
	});
});
