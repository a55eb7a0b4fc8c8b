/**
 * The sentence-classification specialists on their own tasks: `bedside/hoc-hallmarks` labels each HoC sentence
 * with the hallmarks over their thresholds (decided in the worker, see inference/tasks/sequenceClassification.ts),
 * and `bedside/ddi-relation` reads each DDI pair as the sentence with entity markers (the training input) and
 * answers one interaction type. Batched: one infer call per batch of items.
 */
import { markPair } from '../../clinical/drugPairs';
import type { MultilabelItem, RelationItem } from '../schema';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

/** Sentences per model call: padding to the longest of 16 short sentences costs little. */
export const SPECIALIST_BATCH = 16;

async function classifyTexts(context: RunnerContext, texts: string[]) {
	const { output } = await context.client.infer(context.modelId, { kind: 'sequence-classification', texts });
	const results = outputOf(output, 'sequence-classification').results;
	if (results.length !== texts.length) throw new Error(`${texts.length} texts but ${results.length} classifications`);
	return results;
}

export const hallmarksClassifier: RunnerFactory = {
	method: 'sequence-classifier',
	role: 'hallmarks',
	tasks: ['multilabel'],
	description: "multi-label sentence classifier: every hallmark whose probability reaches its threshold (from the model's config.json)",
	create(context: RunnerContext) {
		return {
			method: 'sequence-classifier',
			batchSize: SPECIALIST_BATCH,
			async predict(items): Promise<ItemOutcome[]> {
				const results = await classifyTexts(
					context,
					(items as readonly MultilabelItem[]).map((item) => item.context.trim())
				);
				return results.map((result) => ({ prediction: result.labels }));
			}
		};
	}
};

export const relationClassifier: RunnerFactory = {
	method: 'sequence-classifier',
	role: 'relation',
	tasks: ['relation'],
	description: 'drug-pair classifier on the sentence with [E1] … [/E1] and [E2] … [/E2] around the pair (one interaction type, or none)',
	create(context: RunnerContext) {
		return {
			method: 'sequence-classifier',
			batchSize: SPECIALIST_BATCH,
			async predict(items): Promise<ItemOutcome[]> {
				const results = await classifyTexts(
					context,
					(items as readonly RelationItem[]).map((item) => markPair(item.context, item.entities))
				);
				return results.map((result) => ({ prediction: result.labels[0] ?? null }));
			}
		};
	}
};
