/**
 * What an evaluation runner needs from the inference layer, and what it gives back. Runners only call
 * `infer`, so unit tests drive them with a fake client and the browser with the real InferenceClient.
 */
import type { InferClient } from '../../inference/capabilities';
import type { TaskOutput } from '../../inference/protocol';
import type { EvalItem, Prediction, TaskType } from '../schema';

/** Catalogue roles that have runners. */
export type ModelRole = 'llm' | 'ner' | 'embed' | 'hallmarks' | 'relation';

export const MODEL_ROLES: readonly ModelRole[] = ['llm', 'ner', 'embed', 'hallmarks', 'relation'];

/** How a model answers a task: one name per method, recorded with the results. */
export type RunnerMethod =
	| 'llm-loglik'
	| 'llm-generate'
	/** An LLM answering from library passages (runners/library.ts). */
	| 'llm-library'
	| 'llm-task-prompts'
	| 'ner-tagger'
	| 'sequence-classifier'
	| 'embed-option-similarity'
	| 'embed-logreg'
	| 'embed-retrieval';

export interface RunnerContext {
	client: InferClient;
	modelId: string;
	/** Set id, e.g. pubmedqa; runners that train use it to find the set's train split. */
	setId: string;
	seed: number;
	/** Every item of the set being evaluated (not only the sample), e.g. for the NER entity types. */
	setItems: readonly EvalItem[];
	/** The set's train split, where it has one (PubMedQA classifier, MedQuAD retrieval). */
	loadTrain?: () => Promise<EvalItem[]>;
	signal?: AbortSignal;
	/** A file of the model's folder as JSON (e.g. tokenizer.json for the NER alignment). */
	loadModelFile?: (file: string) => Promise<unknown>;
}

export interface ItemOutcome {
	prediction: Prediction;
	/** Extra per-item values that become metrics, e.g. answer_similarity for open answers. */
	extra?: Record<string, number>;
}

export interface Runner {
	method: RunnerMethod;
	/** Items per infer call; the same in the browser and headless, so both compute the same thing. */
	batchSize: number;
	/** Anything to do once before the items (train a classifier, embed a retrieval index); returns a note. */
	prepare?(): Promise<string | undefined>;
	predict(items: readonly EvalItem[]): Promise<ItemOutcome[]>;
}

export interface RunnerFactory {
	method: RunnerMethod;
	role: ModelRole;
	tasks: readonly TaskType[];
	/**
	 * Set on runners for models tuned on a prompt set (the catalogue's `promptSet`): such a model gets this runner
	 * for these tasks, others get the runner without a prompt set.
	 */
	promptSet?: string;
	/** One sentence for the UI and the README on how the prediction is made. */
	description: string;
	create(context: RunnerContext): Runner;
}

/** Throws when the output is not the kind asked for (a mismatch is a bug, not a model error). */
export function outputOf<K extends TaskOutput['kind']>(output: TaskOutput, kind: K): Extract<TaskOutput, { kind: K }> {
	if (output.kind !== kind) throw new Error(`expected ${kind} output, got ${output.kind}`);
	return output as Extract<TaskOutput, { kind: K }>;
}
