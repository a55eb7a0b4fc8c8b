/**
 * Chance and majority-class baselines for every task, so each model score has a floor beside it. Chance scores
 * are expected values under uniform guessing (F1 from expected counts), not one random draw. Majority baselines
 * also return per-item predictions, so they get bootstrap CIs and drill-down like a model.
 */
import { YES_NO_ANSWERS, type EvalItem, type McqItem, type Prediction, type TaskType } from './schema';
import {
	accuracy,
	entityPrf,
	macroF1,
	mean,
	microF1,
	multilabelMacroF1,
	multilabelMicroF1,
	prfFromCounts,
	rougeLF1,
	type MetricName
} from './metrics';

export type BaselineName = 'chance' | 'majority' | 'all-O' | 'question-echo';

export interface BaselineResult {
	name: BaselineName;
	/** What the baseline does, for tables: e.g. `always "yes"`. */
	description: string;
	metrics: Partial<Record<MetricName, number>>;
	/** Per-item predictions, present when the baseline is a fixed rule rather than an expectation. */
	predictions?: Record<string, Prediction>;
}

export interface BaselineOptions {
	/** Items that pick the majority class (e.g. a train split); defaults to the evaluated items themselves. */
	reference?: readonly EvalItem[];
	/** The label set for macro-F1 (relation, multilabel); defaults to the labels seen in items and reference. */
	labels?: readonly string[];
}

/** The relation label that DDI-style micro-F1 leaves out. */
export const NEGATIVE_RELATION = 'none';

/** Baselines for a set of items of one task. */
export function baselinesFor(items: readonly EvalItem[], options: BaselineOptions = {}): BaselineResult[] {
	const task = singleTask(items);
	const reference = options.reference ?? items;
	if (reference.some((item) => item.task !== task)) throw new TypeError(`reference items must all be ${task} items`);
	switch (task) {
		case 'mcq':
			return mcqBaselines(items as McqItem[], reference as McqItem[]);
		case 'yesno':
		case 'relation':
			return singleLabelBaselines(items, reference, options.labels ?? labelSetFor([...items, ...reference]));
		case 'multilabel':
			return multilabelBaselines(items, reference, options.labels ?? labelSetFor([...items, ...reference]));
		case 'ner':
			return [allOutside(items)];
		case 'openqa':
			return [questionEcho(items)];
	}
}

/** The labels a classification metric averages over: fixed for yes/no, as seen in the data otherwise. */
export function labelSetFor(items: readonly EvalItem[]): string[] {
	const labels = new Set<string>();
	for (const item of items) {
		if (item.task === 'yesno') return [...YES_NO_ANSWERS];
		if (item.task === 'mcq') Object.keys(item.options).forEach((letter) => labels.add(letter));
		if (item.task === 'relation') labels.add(item.answer);
		if (item.task === 'multilabel') item.labels.forEach((label) => labels.add(label));
	}
	return [...labels].sort();
}

/** Most frequent value; ties go to the one first in `order`, so the choice is deterministic. */
export function majority(values: readonly string[], order: readonly string[] = [...new Set(values)].sort()): string {
	const counts = new Map<string, number>();
	values.forEach((value) => counts.set(value, (counts.get(value) ?? 0) + 1));
	let best = order[0] ?? values[0] ?? '';
	for (const value of order) if ((counts.get(value) ?? 0) > (counts.get(best) ?? 0)) best = value;
	return best;
}

function mcqBaselines(items: readonly McqItem[], reference: readonly McqItem[]): BaselineResult[] {
	const letter = majority(reference.map((item) => item.answer));
	const gold = items.map((item) => item.answer);
	return [
		{
			name: 'chance',
			description: 'uniform guess among the options',
			metrics: { accuracy: mean(items.map((item) => 1 / Object.keys(item.options).length)) }
		},
		{
			name: 'majority',
			description: `always "${letter}"`,
			metrics: {
				accuracy: accuracy(
					gold,
					gold.map(() => letter)
				)
			},
			predictions: constantPredictions(items, letter)
		}
	];
}

function singleLabelBaselines(items: readonly EvalItem[], reference: readonly EvalItem[], labels: readonly string[]): BaselineResult[] {
	const gold = items.map(singleLabel);
	const label = majority(reference.map(singleLabel), labels);
	const predicted = gold.map(() => label);
	const positives = labels.filter((candidate) => candidate !== NEGATIVE_RELATION);
	const isRelation = items[0]?.task === 'relation';
	const chance: BaselineResult = {
		name: 'chance',
		description: `uniform guess among ${labels.length} labels`,
		metrics: { accuracy: 1 / labels.length, macro_f1: chanceMacroF1(gold, labels) }
	};
	const majorityResult: BaselineResult = {
		name: 'majority',
		description: `always "${label}"`,
		metrics: { accuracy: accuracy(gold, predicted), macro_f1: macroF1(gold, predicted, labels) },
		predictions: constantPredictions(items, label)
	};
	if (isRelation) {
		chance.metrics.micro_f1 = chanceMicroF1(gold, labels, positives);
		majorityResult.metrics.micro_f1 = microF1(gold, predicted, positives);
	}
	return [chance, majorityResult];
}

function multilabelBaselines(items: readonly EvalItem[], reference: readonly EvalItem[], labels: readonly string[]): BaselineResult[] {
	const gold = items.map(labelList);
	// Label sets are compared as sorted JSON so that [a, b] and [b, a] count as the same set.
	const commonSet = JSON.parse(majority(reference.map((item) => JSON.stringify([...labelList(item)].sort())))) as string[];
	const n = gold.length;
	// Each label guessed independently with probability 1/2: expected TP n_l/2, predicted n/2, gold n_l.
	const chanceF1 = mean(
		labels.map((label) => {
			const goldCount = gold.filter((set) => set.includes(label)).length;
			return prfFromCounts({ truePositives: goldCount / 2, predicted: n / 2, gold: goldCount }).f1;
		})
	);
	const goldTotal = labels.reduce((sum, label) => sum + gold.filter((set) => set.includes(label)).length, 0);
	const chanceMicro = prfFromCounts({ truePositives: goldTotal / 2, predicted: (n * labels.length) / 2, gold: goldTotal }).f1;
	return [
		{ name: 'chance', description: 'each label with probability 1/2', metrics: { macro_f1: chanceF1, micro_f1: chanceMicro } },
		{
			name: 'majority',
			description: commonSet.length === 0 ? 'always no label' : `always ${JSON.stringify(commonSet)}`,
			metrics: {
				macro_f1: multilabelMacroF1(
					gold,
					gold.map(() => commonSet),
					labels
				),
				micro_f1: multilabelMicroF1(
					gold,
					gold.map(() => commonSet),
					labels
				)
			},
			predictions: constantPredictions(items, commonSet)
		}
	];
}

function allOutside(items: readonly EvalItem[]): BaselineResult {
	const gold = items.map((item) => (item.task === 'ner' ? item.tags : []));
	const predicted = gold.map((tags) => tags.map(() => 'O'));
	const { precision, recall, f1 } = entityPrf(gold, predicted);
	const predictions = Object.fromEntries(items.map((item, index) => [item.id, predicted[index]!]));
	return {
		name: 'all-O',
		description: 'tag every token O',
		metrics: { entity_precision: precision, entity_recall: recall, entity_f1: f1 },
		predictions
	};
}

/** Answering with the question itself: MedQuAD answers often restate it, so this is the floor for ROUGE-L. */
function questionEcho(items: readonly EvalItem[]): BaselineResult {
	const questions = items.map((item) => (item.task === 'openqa' ? item.question : ''));
	const scores = items.map((item, index) => (item.task === 'openqa' ? rougeLF1(questions[index]!, item.answer) : 0));
	return {
		name: 'question-echo',
		description: 'answer with the question',
		metrics: { rouge_l: mean(scores) },
		predictions: Object.fromEntries(items.map((item, index) => [item.id, questions[index]!]))
	};
}

/** Uniform guessing over K labels: expected TP n_c/K, predicted n/K, gold n_c per label. */
function chanceMacroF1(gold: readonly string[], labels: readonly string[]): number {
	return mean(labels.map((label) => prfFromCounts(expectedChanceCounts(gold, labels.length, [label])).f1));
}

function chanceMicroF1(gold: readonly string[], labels: readonly string[], positives: readonly string[]): number {
	return prfFromCounts(expectedChanceCounts(gold, labels.length, positives)).f1;
}

function expectedChanceCounts(gold: readonly string[], labelCount: number, counted: readonly string[]) {
	const goldCount = gold.filter((label) => counted.includes(label)).length;
	return { truePositives: goldCount / labelCount, predicted: (gold.length * counted.length) / labelCount, gold: goldCount };
}

function constantPredictions(items: readonly EvalItem[], prediction: string | string[]): Record<string, Prediction> {
	return Object.fromEntries(items.map((item) => [item.id, Array.isArray(prediction) ? [...prediction] : prediction]));
}

function singleLabel(item: EvalItem): string {
	return item.task === 'yesno' || item.task === 'relation' || item.task === 'mcq' ? item.answer : '';
}

function labelList(item: EvalItem): string[] {
	return item.task === 'multilabel' ? item.labels : [];
}

function singleTask(items: readonly EvalItem[]): TaskType {
	const first = items[0];
	if (!first) throw new RangeError('baselines need at least one item');
	if (items.some((item) => item.task !== first.task)) throw new TypeError('baselines need items of a single task');
	return first.task;
}
