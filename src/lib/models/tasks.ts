/**
 * The one task table: for each catalogue task, the role that uses it, whether the engine runs it, whether a
 * person can add an own model of it, and the Transformers.js `model_type`s Bedside runs for it. The page (own-model
 * check, model lists), the worker's engine and the scripts' checks all read it, so a task is supported or not in
 * one place.
 */
import type { Role, Task } from './catalogue';

export interface TaskInfo {
	/** The catalogue role that uses a model of this task (an own model gets it). */
	role: Role;
	/** The engine (inference/transformersEngine.ts) can load and run it. */
	runnable: boolean;
	/**
	 * An own model of this task can be added from a folder (Models tab). A sentence classifier has no fixed use
	 * (hallmarks, drug pairs need their label sets), so it can be checked, not added.
	 */
	addable: boolean;
	/** `model_type`s (config.json) Bedside knows how to run for this task (what Transformers.js's pipelines accept). */
	architectures: readonly string[];
}

const ENCODERS = ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'electra', 'xlm-roberta', 'modernbert'];

export const TASKS: Readonly<Record<Task, TaskInfo>> = {
	'text-generation': {
		role: 'llm',
		runnable: true,
		addable: true,
		architectures: ['llama', 'qwen2', 'qwen3', 'phi3', 'mistral', 'gemma', 'gemma2', 'gemma3_text', 'smollm3', 'gpt2', 'granite']
	},
	'token-classification': { role: 'ner', runnable: true, addable: true, architectures: ENCODERS },
	'feature-extraction': {
		role: 'embed',
		runnable: true,
		addable: true,
		architectures: ['bert', 'distilbert', 'roberta', 'xlm-roberta', 'mpnet', 'nomic_bert', 'modernbert', 'gte']
	},
	'text-classification': { role: 'classify', runnable: true, addable: false, architectures: ENCODERS },
	// Downloadable Hub entries exist for these two; the engine does not run them yet (the Compare side uses
	// embeddings for labels and a span scorer for QA instead).
	'zero-shot-classification': {
		role: 'classify',
		runnable: false,
		addable: false,
		architectures: ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'xlm-roberta', 'bart']
	},
	'question-answering': {
		role: 'qa',
		runnable: false,
		addable: false,
		architectures: ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'xlm-roberta', 'electra']
	}
};

export function isRunnableTask(task: string): task is Task {
	return task in TASKS && TASKS[task as Task].runnable;
}

/** Tasks an own model can be added for, in the Models tab's order. */
export const ADDABLE_TASKS: readonly Task[] = (Object.keys(TASKS) as Task[]).filter((t) => TASKS[t].addable);
