/**
 * The two capabilities the rest of the app asks of the inference layer, each under one name. The
 * `InferenceClient` has both; Compare's analyses and the evaluation runners take only what they call, so
 * unit tests drive them with small fakes.
 */
import type { BackendPreference, LoadedModel, TaskInput, TaskOutput } from './protocol';

/** A task run's output and the worker's time for it. */
export interface TaskResult {
	output: TaskOutput;
	ms: number;
}

/** Runs a task on a loaded model. */
export interface InferClient {
	infer(modelId: string, input: TaskInput): Promise<TaskResult>;
}

/** Loads a model on the backend a preference asks for (Evaluate loads what its jobs need). */
export interface ModelLoader {
	load(modelId: string, preference: BackendPreference): Promise<LoadedModel>;
}
