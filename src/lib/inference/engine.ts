/**
 * The Engine interface: what the worker's handler drives. The real implementation wraps Transformers.js
 * (transformersEngine.ts); unit tests use testing/fakeEngine.ts. The handler never knows which.
 */
import type { ModelEntry } from '../models/catalogue';
import type { Truncation } from './contextFit';
import type { BackendChoice, RuntimeInfo } from './runtime';
import type {
	ChatMessage,
	GenerationOptions,
	GenerationTimings,
	LoadedModel,
	ProgressInfo,
	SimulatedFault,
	TaskInput,
	TaskOutput
} from './protocol';

export interface GenerationInput {
	modelId: string;
	/** Cleaned and checked by the handler before the engine sees them. */
	messages: ChatMessage[];
	options: GenerationOptions;
}

export interface GenerationStream {
	/** Called once per generated token, as it is produced (counts tokens for tokens/s). */
	onToken(): void;
	/** Called with each decoded piece of text, ready to append to the answer. */
	onText(text: string): void;
	/**
	 * Polled once per token. A WASM generation may not yield to the worker's event loop between tokens,
	 * so an `interrupt` message can arrive only after it ends; this reads a shared flag instead.
	 */
	isStopRequested(): boolean;
	/** A user-visible notice during the run, e.g. the WebGPU device was lost and the model moved to WASM. */
	onNotice?(message: string): void;
	/** The model was reloaded during the run (on another backend); the UI shows the new one. */
	onReload?(model: LoadedModel): void;
}

/** What a non-streaming task may report besides its output (same meaning as in GenerationStream). */
export interface TaskCallbacks {
	onNotice?(message: string): void;
	onReload?(model: LoadedModel): void;
}

export interface GenerationResult {
	text: string;
	isInterrupted: boolean;
	/** Set when the prompt was cut to fit the model's context (see contextFit.ts). */
	truncation?: Truncation;
	/** Where the time to first token went: chat template + tokenization, the prompt's forward pass. */
	timings?: GenerationTimings;
}

export interface LoadCallbacks {
	/** Transformers.js progress, forwarded as is (per file: initiate, download, progress, done). */
	onProgress(progress: ProgressInfo): void;
	/** Bedside phases the library does not report: loading the session, warming up. */
	onPhase(phase: 'loading' | 'warming'): void;
	/** A user-visible notice, e.g. a fallback from WebGPU to WASM. */
	onNotice(message: string): void;
}

export interface Engine {
	/**
	 * Probes the runtime (WebGPU adapter, shader-f16, cross-origin isolation, cores).
	 * @note Called once per worker; the result is cached by the handler.
	 */
	detect(): Promise<RuntimeInfo>;

	/**
	 * Loads a model on the chosen backend and warms it up. Loading the same model again with the same
	 * device and dtype returns the memoised result.
	 * @throws InferenceError `model_file_missing` or `load_failed`.
	 */
	load(entry: ModelEntry, choice: BackendChoice, callbacks: LoadCallbacks): Promise<LoadedModel>;

	/**
	 * Generates a reply to a chat with the model's chat template, streaming as it decodes.
	 * Resolves with the full text when done or interrupted; the handler derives timings from the stream.
	 * @throws InferenceError `not_loaded` or `run_failed`.
	 */
	generate(input: GenerationInput, stream: GenerationStream): Promise<GenerationResult>;

	/**
	 * Runs a non-streaming task on a loaded model (NER, embeddings, continuation log-likelihoods).
	 * The handler has checked and cleaned the input and that the model's task fits the input's kind.
	 * @throws InferenceError `not_loaded` or `run_failed`.
	 */
	infer(modelId: string, input: TaskInput, callbacks?: TaskCallbacks): Promise<TaskOutput>;

	/** Asks the running generation to stop after the current token; a no-op when idle. */
	interrupt(): void;

	/** Releases a model's sessions; a no-op when it is not loaded. */
	unload(modelId: string): Promise<void>;

	/**
	 * Test hook: injects a fault (see the `simulate` request). Resolves with what was done, in words.
	 * Engines without it answer `simulate` with `unknown_request`.
	 */
	simulateFault?(fault: SimulatedFault): Promise<string>;
}
