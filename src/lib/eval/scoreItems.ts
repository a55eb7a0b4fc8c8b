/**
 * Turns predictions for a set of items into per-item results and the task's metrics with bootstrap CIs.
 * Models and baselines go through this one path, so every number in a results table is computed the same way.
 */
import { bootstrapCi, type BootstrapOptions } from './bootstrap';
import { labelSetFor, NEGATIVE_RELATION } from './baselines';
import type { ItemResult, MetricResult } from './export';
import {
	classF1,
	entityCounts,
	macroF1,
	mean,
	multilabelMacroF1,
	multilabelMicroF1,
	prfFromCounts,
	relationCounts,
	rougeLF1,
	sumCounts,
	type MetricName
} from './metrics';
import type { EvalItem, Prediction } from './schema';

export interface ScoreOptions extends BootstrapOptions {
	/** Label set for macro-F1 (relation, multilabel); defaults to the labels seen in the items. */
	labels?: readonly string[];
}

export interface ScoredItems {
	items: ItemResult[];
	metrics: MetricResult[];
}

/** Scores `predictions` (item id -> prediction; a missing id counts as no answer) against one task's items. */
export function scoreItems(
	items: readonly EvalItem[],
	predictions: Readonly<Record<string, Prediction>>,
	options: ScoreOptions = {}
): ScoredItems {
	const first = items[0];
	if (!first) throw new RangeError('nothing to score: no items');
	if (items.some((item) => item.task !== first.task)) throw new TypeError('score items of a single task at a time');
	const predictionOf = (item: EvalItem): Prediction => (Object.hasOwn(predictions, item.id) ? predictions[item.id]! : null);
	const labels = options.labels ?? labelSetFor(items);
	const ci = <T>(name: MetricName, values: readonly T[], metric: (sample: readonly T[]) => number): MetricResult => ({
		name,
		ci: bootstrapCi(values, metric, options)
	});

	switch (first.task) {
		case 'mcq':
		case 'yesno':
		case 'relation': {
			const pairs = items.map((item) => ({ id: item.id, gold: goldLabel(item), predicted: asLabel(predictionOf(item)) }));
			const golds = (sample: readonly (typeof pairs)[number][]) => sample.map((pair) => pair.gold);
			const predicted = (sample: readonly (typeof pairs)[number][]) => sample.map((pair) => pair.predicted);
			const metrics = [ci('accuracy', pairs, (sample) => mean(sample.map((pair) => (pair.gold === pair.predicted ? 1 : 0))))];
			if (first.task !== 'mcq') metrics.push(ci('macro_f1', pairs, (sample) => macroF1(golds(sample), predicted(sample), labels)));
			if (first.task === 'relation') {
				// The standard DDI figure: micro-F1 over every positive class (see relationCounts), then F1 per class,
				// for the classes in the set's labels and any other positive class the model predicted.
				metrics.push(
					ci('micro_f1', pairs, (sample) => prfFromCounts(relationCounts(golds(sample), predicted(sample), NEGATIVE_RELATION)).f1)
				);
				const predictedClasses = pairs.map((pair) => pair.predicted).filter((label): label is string => label !== null);
				const positives = [...new Set([...labels, ...predictedClasses])].filter((label) => label !== NEGATIVE_RELATION).sort();
				for (const label of positives) metrics.push(ci(`f1_${label}`, pairs, (sample) => classF1(golds(sample), predicted(sample), label)));
			}
			const results = pairs.map(({ id, gold, predicted: prediction }) => ({ id, gold, prediction, score: gold === prediction ? 1 : 0 }));
			return { items: results, metrics };
		}
		case 'multilabel': {
			const pairs = items.map((item) => ({
				id: item.id,
				gold: item.task === 'multilabel' ? item.labels : [],
				raw: predictionOf(item),
				predicted: asList(predictionOf(item))
			}));
			const golds = (sample: readonly (typeof pairs)[number][]) => sample.map((pair) => pair.gold);
			const predicted = (sample: readonly (typeof pairs)[number][]) => sample.map((pair) => pair.predicted);
			// An unparsed answer (null) keeps its null in the item results but predicts no label in the metrics.
			const results = pairs.map(({ id, gold, raw, predicted: labelsPredicted }) => ({
				id,
				gold,
				prediction: raw === null ? null : labelsPredicted,
				score: sameSet(gold, labelsPredicted) ? 1 : 0
			}));
			return {
				items: results,
				metrics: [
					ci('macro_f1', pairs, (sample) => multilabelMacroF1(golds(sample), predicted(sample), labels)),
					ci('micro_f1', pairs, (sample) => multilabelMicroF1(golds(sample), predicted(sample), labels))
				]
			};
		}
		case 'ner': {
			const results: ItemResult[] = [];
			const counts = items.map((item) => {
				const gold = item.task === 'ner' ? item.tags : [];
				// No answer reads as "no entities": every gold entity is then a miss, none is forgiven.
				const predicted = asList(predictionOf(item));
				const tags = predicted.length === 0 ? gold.map(() => 'O') : predicted;
				if (tags.length !== gold.length) {
					throw new RangeError(`item "${item.id}": ${tags.length} predicted tags for ${gold.length} tokens`);
				}
				const count = entityCounts(gold, tags);
				results.push({ id: item.id, gold, prediction: tags, score: prfFromCounts(count).f1 });
				return count;
			});
			const measure = (key: 'precision' | 'recall' | 'f1') => (sample: readonly (typeof counts)[number][]) =>
				prfFromCounts(sumCounts(sample))[key];
			return {
				items: results,
				metrics: [
					ci('entity_precision', counts, measure('precision')),
					ci('entity_recall', counts, measure('recall')),
					ci('entity_f1', counts, measure('f1'))
				]
			};
		}
		case 'openqa': {
			const results = items.map((item) => {
				const prediction = predictionOf(item);
				const reference = item.task === 'openqa' ? item.answer : '';
				return { id: item.id, gold: reference, prediction, score: typeof prediction === 'string' ? rougeLF1(prediction, reference) : 0 };
			});
			return {
				items: results,
				metrics: [
					ci(
						'rouge_l',
						results.map((result) => result.score),
						mean
					)
				]
			};
		}
	}
}

function goldLabel(item: EvalItem): string {
	return item.task === 'mcq' || item.task === 'yesno' || item.task === 'relation' ? item.answer : '';
}

/** A single-label prediction; a list or nothing is no answer. */
function asLabel(prediction: Prediction): string | null {
	return typeof prediction === 'string' ? prediction : null;
}

function asList(prediction: Prediction): string[] {
	return Array.isArray(prediction) ? prediction : [];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((value) => right.has(value));
}
