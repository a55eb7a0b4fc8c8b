import { describe, expect, it } from 'vitest';
import { baselinesFor, labelSetFor, majority } from './baselines';
import type { EvalItem, McqItem, MultilabelItem, RelationItem, YesNoItem } from './schema';

const yesno = (id: string, answer: YesNoItem['answer']): YesNoItem => ({ id, task: 'yesno', question: 'Q?', context: 'C', answer });
const mcq = (id: string, answer: string, letters = 'ABCD'): McqItem => ({
	id,
	task: 'mcq',
	question: 'Q?',
	options: Object.fromEntries([...letters].map((letter) => [letter, `option ${letter}`])),
	answer
});
const relation = (id: string, answer: string): RelationItem => ({
	id,
	task: 'relation',
	question: 'Which?',
	context: 'x y',
	entities: [{ text: 'x', type: 'drug', spans: [[0, 1]] }],
	answer
});
const multilabel = (id: string, labels: string[]): MultilabelItem => ({ id, task: 'multilabel', context: 'S', labels });

const byName = (results: ReturnType<typeof baselinesFor>) => Object.fromEntries(results.map((result) => [result.name, result]));

describe('majority', () => {
	it('picks the most frequent value and breaks ties by order', () => {
		expect(majority(['B', 'A', 'B'])).toBe('B');
		expect(majority(['B', 'A'])).toBe('A');
		expect(majority(['no', 'yes'], ['yes', 'no', 'maybe'])).toBe('yes');
	});
});

describe('baselinesFor', () => {
	it('yes/no: chance and majority', () => {
		const items = [yesno('1', 'yes'), yesno('2', 'yes'), yesno('3', 'yes'), yesno('4', 'no'), yesno('5', 'maybe')];
		const { chance, majority: always } = byName(baselinesFor(items));
		// chance, expected counts (n 5, K 3): yes 2(3/3)/(5/3 + 3) = 3/7; no 2(1/3)/(5/3 + 1) = 1/4; maybe 1/4
		// macro = (3/7 + 1/4 + 1/4) / 3 = 13/42
		expect(chance?.metrics.accuracy).toBeCloseTo(1 / 3, 12);
		expect(chance?.metrics.macro_f1).toBeCloseTo(13 / 42, 12);
		// always yes: 3 of 5 right; F1 yes = 2*3/(5 + 3) = 3/4, others 0 -> macro 1/4
		expect(always?.description).toBe('always "yes"');
		expect(always?.metrics).toEqual({ accuracy: 0.6, macro_f1: 0.25 });
		expect(always?.predictions).toEqual({ 1: 'yes', 2: 'yes', 3: 'yes', 4: 'yes', 5: 'yes' });
	});

	it('mcq: 1/options per item and the majority letter, optionally from reference items', () => {
		const items = [mcq('1', 'B'), mcq('2', 'B'), mcq('3', 'A'), mcq('4', 'C', 'ABCDE')];
		const results = byName(baselinesFor(items));
		// (1/4 + 1/4 + 1/4 + 1/5) / 4 = 0.2375
		expect(results.chance?.metrics.accuracy).toBeCloseTo(0.2375, 12);
		expect(results.majority?.metrics.accuracy).toBe(0.5);
		const fromTrain = byName(baselinesFor(items, { reference: [mcq('t1', 'C'), mcq('t2', 'C'), mcq('t3', 'A')] }));
		expect(fromTrain.majority?.description).toBe('always "C"');
		expect(fromTrain.majority?.metrics.accuracy).toBe(0.25);
	});

	it('relation: accuracy, macro-F1 and micro-F1 without the negative class', () => {
		const items = [relation('1', 'none'), relation('2', 'none'), relation('3', 'none'), relation('4', 'effect')];
		const labels = ['mechanism', 'effect', 'advise', 'int', 'none'];
		const { chance, majority: always } = byName(baselinesFor(items, { labels }));
		// always none: 3/4 right; F1 none = 2*3/(4 + 3) = 6/7, others 0 -> macro 6/35; no positive predicted -> micro 0
		expect(always?.metrics.accuracy).toBe(0.75);
		expect(always?.metrics.macro_f1).toBeCloseTo(6 / 35, 12);
		expect(always?.metrics.micro_f1).toBe(0);
		// chance (n 4, K 5): effect 2(1/5)/(4/5 + 1) = 2/9; none 2(3/5)/(4/5 + 3) = 6/19 -> macro (2/9 + 6/19)/5 = 92/855
		// micro over 4 positives: TP 1/5, predicted 4*4/5 = 16/5, gold 1 -> (2/5)/(21/5) = 2/21
		expect(chance?.metrics.accuracy).toBeCloseTo(0.2, 12);
		expect(chance?.metrics.macro_f1).toBeCloseTo(92 / 855, 12);
		expect(chance?.metrics.micro_f1).toBeCloseTo(2 / 21, 12);
	});

	it('multilabel: chance per label and the most common label set', () => {
		const items = [multilabel('1', []), multilabel('2', []), multilabel('3', ['x']), multilabel('4', ['y', 'x'])];
		const { chance, majority: always } = byName(baselinesFor(items));
		// p = 1/2, n 4: x (gold 2): TP 1, predicted 2 -> 2/(2 + 2) = 1/2; y (gold 1): TP 1/2, predicted 2 -> 1/3
		expect(chance?.metrics.macro_f1).toBeCloseTo(5 / 12, 12);
		// micro: gold 3 label uses, expected TP 3/2, predicted 4 items x 2 labels / 2 = 4 -> 3/(4 + 3) = 3/7
		expect(chance?.metrics.micro_f1).toBeCloseTo(3 / 7, 12);
		expect(always?.description).toBe('always no label');
		expect(always?.metrics.macro_f1).toBe(0);
		expect(always?.metrics.micro_f1).toBe(0);
		expect(always?.predictions?.['4']).toEqual([]);
	});

	it('ner: all-O scores zero and predicts one O per token', () => {
		const items: EvalItem[] = [{ id: 's1', task: 'ner', tokens: ['Aspirin', 'helps'], tags: ['B-Chemical', 'O'] }];
		const [allO] = baselinesFor(items);
		expect(allO?.name).toBe('all-O');
		expect(allO?.metrics).toEqual({ entity_precision: 0, entity_recall: 0, entity_f1: 0 });
		expect(allO?.predictions).toEqual({ s1: ['O', 'O'] });
	});

	it('openqa: echoing the question, scored by ROUGE-L', () => {
		// question words: what is aspirin; answer words: aspirin is a drug -> LCS 1, P 1/3, R 1/4, F1 2/7
		const items: EvalItem[] = [{ id: 'o1', task: 'openqa', question: 'What is aspirin?', answer: 'Aspirin is a drug.' }];
		expect(baselinesFor(items)[0]?.metrics.rouge_l).toBeCloseTo(2 / 7, 12);
	});

	it('label sets', () => {
		expect(labelSetFor([yesno('1', 'no')])).toEqual(['yes', 'no', 'maybe']);
		expect(labelSetFor([relation('1', 'none'), relation('2', 'advise')])).toEqual(['advise', 'none']);
	});

	it('refuses empty or mixed input', () => {
		expect(() => baselinesFor([])).toThrow(/at least one item/);
		expect(() => baselinesFor([yesno('1', 'no'), mcq('2', 'A')])).toThrow(/single task/);
	});
});
