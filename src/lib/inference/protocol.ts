/**
 * The one message protocol between the UI (main thread) and the inference worker.
 * Requests are verbs, events say what happened; every event echoes the `id` of the request that caused it,
 * and every request ends with exactly one terminal event (`done` or `error`).
 */
import type { ProgressInfo } from '@huggingface/transformers';
import type { Device, Dtype, ModelEntry } from '../models/catalogue';
import type { Truncation } from './contextFit';
import type { ErrorInfo } from './errors';
import type { RuntimeInfo } from './runtime';

export type { ProgressInfo };

/** One element of Transformers.js `TokenClassificationOutput` (aggregation_strategy 'none'). */
export interface TokenPrediction {
	/** Label, e.g. 'B-Chemical', 'I-Disease', 'O'. */
	entity: string;
	score: number;
	/** Position of the token in the model input ([CLS] is 0); gaps mean dropped 'O' tokens. */
	index: number;
	/** Decoded token; word pieces that continue a word start with '##'. */
	word: string;
}

/** A user override of the detected runtime; `auto` leaves the choice to `chooseBackend`. */
export interface BackendPreference {
	device: Device | 'auto';
	/** WASM threads; 0 means "as many as the runtime allows". */
	threads: number;
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

export interface GenerationOptions {
	maxNewTokens: number;
	/** 0 means greedy decoding. */
	temperature: number;
	/**
	 * Suppress end-of-text until this many tokens (0: off). The bench sets it equal to maxNewTokens so
	 * browser and native decode the same number of tokens; tests use it to get a long generation.
	 */
	minNewTokens?: number;
	/** Nucleus sampling mass (0 < topP <= 1); default: the model's generation_config, else 1. */
	topP?: number;
	/** Sample among the topK most likely tokens; default: the model's generation_config, else 50. */
	topK?: number;
	/** > 1 discourages repeating tokens; default: the model's generation_config, else 1. */
	repetitionPenalty?: number;
	/** The answer ends before the first of these texts that it would contain. */
	stop?: string[];
	/**
	 * Texts the answer should lean on (the library passages in the prompt): Bedside's decode loop biases the
	 * logits towards continuing them (generation/copyBias.ts). Strengths default to DEFAULT_COPY_STRENGTH.
	 * Ignored by models the loop does not drive.
	 */
	copyFrom?: CopySources;
	/**
	 * Reuse the previous answer's KV cache when this prompt continues that conversation (default true); false runs
	 * the whole prompt again (`?kvReuse=0`: the bench's "before" figure for the time to first token).
	 */
	reuseCache?: boolean;
}

/** Source texts an answer leans on (GenerationOptions.copyFrom), with optional strengths (default: copyBias.ts). */
export interface CopySources {
	texts: string[];
	follow?: number;
	enter?: number;
}

/** At most this many copy sources per request (a library answer has 3 passages). */
export const MAX_COPY_SOURCES = 16;

/** One label and its probability (sigmoid for a multi-label model, softmax for a single-label one). */
export interface LabelProbability {
	label: string;
	score: number;
}

/** A sequence classifier's answer for one text. */
export interface SequenceClassification {
	/** Every label of the model, in its id2label order. */
	scores: LabelProbability[];
	/**
	 * The prediction: for a multi-label model the labels at or above their threshold (possibly none), for a
	 * single-label model the one most probable label.
	 */
	labels: string[];
}

/**
 * A non-streaming task for a loaded model: NER tokens, sentence embeddings, sequence classes, or the
 * log-likelihood of given continuations under an LLM (scoring, e.g. multiple-choice evaluation).
 */
export type TaskInput =
	| { kind: 'token-classification'; texts: string[] }
	| { kind: 'embed'; texts: string[] }
	/** One class (or set of classes) per text, texts batched in one model call. */
	| { kind: 'sequence-classification'; texts: string[] }
	| { kind: 'loglik'; messages: ChatMessage[]; continuations: string[] }
	/** Greedy generation to completion in one reply (evaluation); the chat streams through `run` instead. */
	| {
			kind: 'generate';
			messages: ChatMessage[];
			maxNewTokens: number;
			stop?: string[];
			/** Penalise tokens already in the prompt or answer (>1; absent or 1: none), as a task prompt may ask. */
			repetitionPenalty?: number;
			/** Texts the answer leans on (see GenerationOptions.copyFrom). */
			copyFrom?: CopySources;
	  };

export type TaskOutput =
	/** Aggregation 'none' (one prediction per non-O token), one array per input text, in order. */
	| { kind: 'token-classification'; results: TokenPrediction[][] }
	/** Mean-pooled and L2-normalised, one vector per input text. */
	| { kind: 'embed'; vectors: number[][] }
	/** One per input text, in order. */
	| { kind: 'sequence-classification'; results: SequenceClassification[] }
	/**
	 * Per continuation: sum of log P(continuation tokens | chat-templated prompt including the assistant
	 * header), natural log, and how many tokens the continuation had.
	 */
	| { kind: 'loglik'; scores: { logprob: number; tokens: number }[] }
	| { kind: 'generate'; text: string };

export type TaskKind = TaskInput['kind'];

export type WorkerRequest =
	| { type: 'detect'; id: string }
	/** Carries the model's entry: the page knows its own and downloaded models, the worker does not read that registry. */
	| { type: 'load'; id: string; entry: ModelEntry; preference: BackendPreference }
	| {
			type: 'run';
			id: string;
			modelId: string;
			messages: ChatMessage[];
			options: GenerationOptions;
			/**
			 * An Int32Array over a SharedArrayBuffer (cross-origin isolated pages only): the client sets
			 * element 0 to 1 to stop, which works even while the worker is busy decoding.
			 */
			stopFlag?: Int32Array;
	  }
	| { type: 'infer'; id: string; modelId: string; input: TaskInput }
	| { type: 'interrupt'; id: string; target: string }
	| { type: 'unload'; id: string; modelId: string }
	/**
	 * Test hook (sent only by pages opened with `?testHooks=1`, see testHooks.ts): injects a fault into the
	 * worker, e.g. destroys the WebGPU device so the next run exercises the device-loss fallback.
	 */
	| { type: 'simulate'; id: string; fault: SimulatedFault };

/** Faults the `simulate` test request can inject. */
export type SimulatedFault = 'webgpu-device-lost';

/** What a successful load reports: the device and dtype that actually ran. */
export interface LoadedModel {
	modelId: string;
	device: Device;
	dtype: Dtype;
	threads: number;
	loadMs: number;
	/** Why this backend: detection result or user choice, in words for the UI. */
	reason: string;
	/** Set when the preferred device failed and the engine fell back (e.g. WebGPU to WASM). */
	fallback?: { from: Device; reason: string };
	/** What the model takes in memory, measured at load (see sessionPolicy.ts and wasmMemory.ts). */
	memory?: ModelMemory;
	/** How the first answer was prepared: decode steps run at load until their speed settled (own loop only). */
	warmup?: { steps: number; ms: number; stepMs: number; firstStepMs?: number };
	/** Bedside's decode loop ('own') or Transformers.js generate() ('library') for text generation. */
	decodeLoop?: 'own' | 'library';
}

export interface ModelMemory {
	/** Bytes of weight files loaded. */
	weightBytes: number;
	/** Growth of ONNX Runtime's WASM heap during this load (WASM only; null when it cannot be read). */
	wasmHeapBytes: number | null;
	/** Whether 8-bit weights were unpacked to fp32 at load (4x the weight bytes, faster on WASM). */
	foldsWeights: boolean;
	/** The session rule that applied, in words. */
	plan: string;
}

export interface RunStats {
	tokens: number;
	/** Time to first token, from the run request to the first streamed token. */
	ttftMs: number;
	/** Decode speed over the tokens after the first. */
	tokensPerSecond: number;
	totalMs: number;
	isInterrupted: boolean;
	text: string;
	/** Set when the prompt was cut (or the answer budget shrunk) to fit the model's context. */
	truncation?: Truncation;
	/** Where the time went inside the worker (Bedside's decode loop only). */
	timings?: GenerationTimings;
}

/**
 * Milliseconds of one answer inside the worker (Bedside's decode loop only), so the bench can say where the time
 * to first token and each decode step go: what ONNX Runtime runs, and what is Bedside's JavaScript around it.
 */
export interface GenerationTimings {
	/** Template + tokenization (+ context fit when it ran): templateMs + tokenizeMs + fit. */
	promptMs: number;
	/** Chat template (Jinja) rendering, the last time it ran. */
	templateMs?: number;
	/** Tokenizing the templated prompt, the last time it ran. */
	tokenizeMs?: number;
	/** The prompt's forward pass (of the tokens not reused). */
	prefillMs: number;
	/** The part of prefillMs inside `session.run` (ONNX Runtime); the rest is Bedside's cache and copies. */
	prefillRunMs?: number;
	/** Tokens in the templated prompt, and how many of them came from the previous answer's KV cache. */
	promptTokens?: number;
	reusedTokens?: number;
	/** Decode steps after the prefill (one per token after the first). */
	steps?: number;
	/** Wall time of those steps, from the first token to the last (sampling, streaming and the steps). */
	decodeMs?: number;
	/** Time inside `session.run` during those steps (ONNX Runtime: its JS glue, copies, kernels). */
	runMs?: number;
	/** Time inside `CausalSession.step` during those steps (runMs plus feeds and the logits copy). */
	stepMs?: number;
}

export type WorkerEvent =
	| { type: 'runtime'; id: string; runtime: RuntimeInfo }
	| { type: 'progress'; id: string; modelId: string; progress: ProgressInfo }
	| { type: 'phase'; id: string; modelId: string; phase: 'loading' | 'warming' }
	| { type: 'notice'; id: string; message: string }
	| { type: 'ready'; id: string; model: LoadedModel }
	| { type: 'token'; id: string; text: string; tokens: number }
	| { type: 'output'; id: string; output: TaskOutput; ms: number }
	| { type: 'done'; id: string; stats?: RunStats }
	| { type: 'error'; id: string; error: ErrorInfo };

export type EventOf<T extends WorkerEvent['type']> = Extract<WorkerEvent, { type: T }>;

/** Limits on user input, checked before anything reaches a model. */
export const MAX_PROMPT_CHARS = 8000;
export const MAX_NEW_TOKENS_LIMIT = 1024;
/** Limits on one `infer` request: texts per request, characters per text, continuations for loglik. */
export const MAX_TASK_TEXTS = 256;
export const MAX_TASK_TEXT_CHARS = 8000;
export const MAX_LOGLIK_CONTINUATIONS = 32;
