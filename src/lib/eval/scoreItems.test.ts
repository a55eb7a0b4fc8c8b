import { describe, expect, it } from 'vitest';
import { baselinesFor } from './baselines';
import type { EvalItem } from './schema';
import { scoreItems } from './scoreItems';

const estimates = (result: ReturnType<typeof scoreItems>) => Object.fromEntries(result.metrics.map(({ name, ci }) => [name, ci.estimate]));

describe('scoreItems', () => {
	it('yes/no: accuracy and macro-F1, a missing prediction counts as wrong', () => {
		const items: EvalItem[] = [
			{ id: '1', task: 'yesno', question: 'Q', context: 'C', answer: 'yes' },
			{ id: '2', task: 'yesno', question: 'Q', context: 'C', answer: 'no' },
			{ id: '3', task: 'yesno', question: 'Q', context: 'C', answer: 'maybe' }
		];
		const result = scoreItems(items, { 1: 'yes', 2: 'yes' });
		// accuracy 1/3; yes: TP 1, predicted 2, gold 1 -> F1 2/3; no, maybe 0 -> macro 2/9
		expect(estimates(result).accuracy).toBeCloseTo(1 / 3, 12);
		expect(estimates(result).macro_f1).toBeCloseTo(2 / 9, 12);
		expect(result.items[2]).toEqual({ id: '3', gold: 'maybe', prediction: null, score: 0 });
		expect(result.metrics[0]?.ci.n).toBe(3);
	});

	it('ner: entity P/R/F1 from summed counts; a missing prediction finds no entities', () => {
		const items: EvalItem[] = [
			{ id: 's1', task: 'ner', tokens: ['a', 'b', 'c'], tags: ['B-D', 'I-D', 'O'] },
			{ id: 's2', task: 'ner', tokens: ['d', 'e'], tags: ['B-D', 'O'] }
		];
		const result = scoreItems(items, { s1: ['B-D', 'I-D', 'O'] });
		// TP 1, predicted 1, gold 2 -> P 1, R 1/2, F1 2/3
		expect(estimates(result)).toEqual({ entity_precision: 1, entity_recall: 0.5, entity_f1: 2 / 3 });
		expect(result.items[1]).toEqual({ id: 's2', gold: ['B-D', 'O'], prediction: ['O', 'O'], score: 0 });
		expect(() => scoreItems(items, { s1: ['O'] })).toThrow(/item "s1": 1 predicted tags for 3 tokens/);
	});

	it('relation: micro-F1 leaves the negative class out', () => {
		const relation = (id: string, answer: string): EvalItem => ({
			id,
			task: 'relation',
			question: 'Q',
			context: 'x y',
			entities: [{ text: 'x', type: 'drug', spans: [[0, 1]] }],
			answer
		});
		const items = [relation('1', 'effect'), relation('2', 'none'), relation('3', 'advise')];
		const result = scoreItems(items, { 1: 'effect', 2: 'advise', 3: 'none' }, { labels: ['advise', 'effect', 'none'] });
		// positives: TP 1 (effect), predicted 2 (effect, advise), gold 2 (effect, advise) -> micro 1/2
		// macro: effect 1; advise TP 0 -> 0; none TP 0 -> 0 -> 1/3
		// per class: effect 2*1/(1+1) = 1; advise TP 0 -> 0
		expect(estimates(result)).toEqual({ accuracy: 1 / 3, macro_f1: 1 / 3, micro_f1: 0.5, f1_advise: 0, f1_effect: 1 });
	});

	it('relation: a positive class the set lacks still counts as a prediction (DDI micro-F1), and gets its own F1', () => {
		const relation = (id: string, answer: string): EvalItem => ({
			id,
			task: 'relation',
			question: 'Q',
			context: 'x y',
			entities: [{ text: 'x', type: 'drug', spans: [[0, 1]] }],
			answer
		});
		const items = [relation('1', 'effect'), relation('2', 'none'), relation('3', 'mechanism'), relation('4', 'none')];
		// 2 -> int (false positive outside the set's labels), 3 unparsed (null), 4 -> none.
		const result = scoreItems(items, { 1: 'effect', 2: 'int', 3: null, 4: 'none' }, { labels: ['effect', 'mechanism', 'none'] });
		// TP 1, predicted 2 (effect, int), gold 2 (effect, mechanism) -> 2*1/(2+2) = 0.5
		// effect 1; int: TP 0, predicted 1, gold 0 -> 0; mechanism: gold 1, predicted 0 -> 0
		expect(estimates(result)).toEqual({
			accuracy: 0.5,
			macro_f1: (1 + 0 + 2 / 3) / 3,
			micro_f1: 0.5,
			f1_effect: 1,
			f1_int: 0,
			f1_mechanism: 0
		});
	});

	it('multilabel and open answers', () => {
		const multilabel: EvalItem[] = [
			{ id: 'm1', task: 'multilabel', context: 'S', labels: ['x'] },
			{ id: 'm2', task: 'multilabel', context: 'S', labels: [] }
		];
		// x: TP 1, predicted 2, gold 1 -> 2/3 (only label seen)
		const scored = scoreItems(multilabel, { m1: ['x'], m2: ['x'] });
		expect(estimates(scored).macro_f1).toBeCloseTo(2 / 3, 12);
		expect(scored.items.map((item) => item.score)).toEqual([1, 0]);

		const hoc: EvalItem[] = [
			{ id: 'h1', task: 'multilabel', context: 'S', labels: ['a', 'b'] },
			{ id: 'h2', task: 'multilabel', context: 'S', labels: ['b'] },
			{ id: 'h3', task: 'multilabel', context: 'S', labels: [] }
		];
		// a: TP 1, pred 1, gold 1 -> 1; b: TP 1, pred 2, gold 2 -> 1/2; macro 3/4. micro: TP 2, pred 3, gold 3 -> 2/3.
		// h3 unparsed (null) predicts nothing, and its item result keeps the null.
		const both = scoreItems(hoc, { h1: ['a', 'b'], h2: ['a'], h3: null });
		expect(both.items.map((item) => item.prediction)).toEqual([['a', 'b'], ['a'], null]);
		expect(estimates(scoreItems(hoc, { h1: ['a', 'b'], h2: [], h3: ['b'] }))).toEqual({ macro_f1: 0.75, micro_f1: 2 / 3 });

		const openqa: EvalItem[] = [
			{ id: 'o1', task: 'openqa', question: 'Q', answer: 'the cat lay on the red mat' },
			{ id: 'o2', task: 'openqa', question: 'Q', answer: 'anything' }
		];
		// o1: ROUGE-L 10/13 (see metrics.test.ts); o2: no answer -> 0; mean 5/13
		expect(estimates(scoreItems(openqa, { o1: 'The cat sat on the mat' })).rouge_l).toBeCloseTo(5 / 13, 12);
	});

	it('gives a baseline the same numbers as baselinesFor', () => {
		const items: EvalItem[] = ['yes', 'yes', 'no', 'maybe'].map((answer, index) => ({
			id: `p${index}`,
			task: 'yesno',
			question: 'Q',
			context: 'C',
			answer: answer as 'yes' | 'no' | 'maybe'
		}));
		const majority = baselinesFor(items).find((baseline) => baseline.name === 'majority')!;
		const scored = estimates(scoreItems(items, majority.predictions!));
		expect(scored).toEqual(majority.metrics);
	});

	it('is deterministic for a seed', () => {
		const items: EvalItem[] = Array.from({ length: 30 }, (_, i) => ({
			id: `q${i}`,
			task: 'mcq',
			question: 'Q',
			options: { A: 'a', B: 'b' },
			answer: i % 3 ? 'A' : 'B'
		}));
		const predictions = Object.fromEntries(items.map((item) => [item.id, 'A']));
		expect(scoreItems(items, predictions, { seed: 7 })).toEqual(scoreItems(items, predictions, { seed: 7 }));
	});
});
