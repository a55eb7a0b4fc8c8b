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

type ClassificationResult = Awaited<ReturnType<typeof classifyTexts>>[number];

/** A specialist runner: each item as the text the model was trained on, the classification as the prediction. */
function specialistRunner<I>(
	role: RunnerFactory['role'],
	tasks: RunnerFactory['tasks'],
	description: string,
	toText: (item: I) => string,
	toPrediction: (result: ClassificationResult) => ItemOutcome['prediction']
): RunnerFactory {
	return {
		method: 'sequence-classifier',
		role,
		tasks,
		description,
		create(context: RunnerContext) {
			return {
				method: 'sequence-classifier',
				batchSize: SPECIALIST_BATCH,
				async predict(items): Promise<ItemOutcome[]> {
					const results = await classifyTexts(context, (items as readonly I[]).map(toText));
					return results.map((result) => ({ prediction: toPrediction(result) }));
				}
			};
		}
	};
}

export const hallmarksClassifier = specialistRunner<MultilabelItem>(
	'hallmarks',
	['multilabel'],
	"multi-label sentence classifier: every hallmark whose probability reaches its threshold (from the model's config.json)",
	(item) => item.context.trim(),
	(result) => result.labels
);

export const relationClassifier = specialistRunner<RelationItem>(
	'relation',
	['relation'],
	'drug-pair classifier on the sentence with [E1] … [/E1] and [E2] … [/E2] around the pair, the names replaced by "drug" where the model\'s config.json says bedside_blind (one interaction type, or none)',
	(item) => markPair(item.context, item.entities),
	(result) => result.labels[0] ?? null
);
