/**
 * The real Engine: Transformers.js pipelines on ONNX Runtime Web (WebGPU or WASM), inside the worker.
 * Catalogue models load only from the app's own /models/ folder (no remote hosts).
 */
import {
	env,
	InterruptableStoppingCriteria,
	pipeline,
	Tensor,
	TextStreamer,
	type FeatureExtractionPipeline,
	type TextGenerationPipeline,
	type TokenClassificationPipeline
} from '@huggingface/transformers';
import type { TokenPrediction } from '../clinical/entities';
import { downloadBytes, type ModelEntry } from '../models/catalogue';
import { fetchWithUserModels } from '../models/userModelStore';
import type { Engine, GenerationInput, GenerationResult, GenerationStream, LoadCallbacks, TaskCallbacks } from './engine';
import { fitToContext, type ContextTokenizer } from './contextFit';
import { InferenceError } from './errors';
import type { ChatMessage, LoadedModel, SimulatedFault, TaskInput, TaskOutput } from './protocol';
import { detectRuntime, type BackendChoice, type RuntimeInfo } from './runtime';
import type { ProgressInfo } from './protocol';

export interface OrtAssets {
	/** URL of ONNX Runtime's WASM glue module (.mjs), served by the app. */
	mjs: string;
	/** URL of ONNX Runtime's WASM binary, served by the app. */
	wasm: string;
}

/** One loaded pipeline per model id, whatever its task. */
type LoadedPipeline =
	| { task: 'text-generation'; pipe: TextGenerationPipeline }
	| { task: 'token-classification'; pipe: TokenClassificationPipeline }
	| { task: 'feature-extraction'; pipe: FeatureExtractionPipeline };

type Loaded = LoadedPipeline & { key: string; model: LoadedModel; entry: ModelEntry; choice: BackendChoice };

/** The part of a GPUDevice this engine uses (the DOM typings here have no WebGPU types). */
interface GpuDevice {
	readonly lost: Promise<{ reason?: string; message?: string }>;
	destroy(): void;
}

/** Catalogue tasks this engine can load. */
const LOADABLE_TASKS: ReadonlySet<string> = new Set(['text-generation', 'token-classification', 'feature-extraction']);

/** Stops on an `interrupt()` call or when the stream's shared stop flag is set. */
class SharedStopCriteria extends InterruptableStoppingCriteria {
	isStopRequested: () => boolean = () => false;

	override _call(...args: Parameters<InterruptableStoppingCriteria['_call']>): boolean[] {
		if (this.isStopRequested()) this.interrupt();
		return super._call(...args);
	}
}

const WARMUP_MESSAGES: ChatMessage[] = [{ role: 'user', content: 'Hello' }];

export class TransformersEngine implements Engine {
	readonly #loads = new Map<string, Promise<Loaded>>();
	readonly #stopping = new SharedStopCriteria();
	#wasmThreads: number | null = null;
	/** ONNX Runtime's WebGPU device once a WebGPU session exists; null before, or in a WASM-only worker. */
	#gpuDevice: GpuDevice | null = null;
	/** Why the WebGPU device was lost; once lost, ORT's WebGPU backend is unusable for this worker's life. */
	#gpuLost: string | null = null;

	readonly #isWasmOnly: boolean;

	/** @param isWasmOnly this worker runs ONNX Runtime's plain WASM build, which has no WebGPU backend. */
	constructor(assets: OrtAssets, modelBasePath: string, isWasmOnly = false) {
		this.#isWasmOnly = isWasmOnly;
		env.allowRemoteModels = false;
		env.allowLocalModels = true;
		env.localModelPath = modelBasePath;
		// Files are already local and versioned by `npm run models`: a Cache API copy could go stale.
		env.useBrowserCache = false;
		// Import ORT's WASM glue from its own URL: the cached copy is a blob: module, which the app's
		// Content-Security-Policy (script-src 'self') refuses. The service worker caches the file instead.
		env.useWasmCache = false;
		// The user's own models (`user/<name>`) are read from this browser's storage; all else is fetched as before.
		env.fetch = fetchWithUserModels();
		const wasm = env.backends.onnx.wasm;
		if (wasm) {
			wasm.wasmPaths = { mjs: assets.mjs, wasm: assets.wasm };
			wasm.proxy = false;
		}
	}

	detect(): Promise<RuntimeInfo> {
		return detectRuntime();
	}

	/** ORT reads numThreads once, when its WASM module starts: the first load decides it. */
	#setThreads(threads: number, callbacks: LoadCallbacks): number {
		const wasm = env.backends.onnx.wasm;
		if (this.#wasmThreads === null) {
			this.#wasmThreads = threads;
			if (wasm) wasm.numThreads = threads;
		} else if (this.#wasmThreads !== threads) {
			callbacks.onNotice(
				`WASM already started with ${this.#wasmThreads} thread(s); restart the worker to use ${threads}.`
			);
		}
		return this.#wasmThreads;
	}

	async load(entry: ModelEntry, requested: BackendChoice, callbacks: LoadCallbacks): Promise<LoadedModel> {
		let choice = requested;
		if (this.#isWasmOnly && choice.device === 'webgpu') {
			callbacks.onNotice('This worker runs the WASM-only runtime; choose WebGPU in Settings and load again.');
			choice = { ...choice, device: 'wasm', dtype: entry.defaults.dtype, reason: 'WASM-only worker' };
		}
		if (this.#gpuLost !== null && choice.device === 'webgpu') {
			callbacks.onNotice(`The WebGPU device was lost earlier (${this.#gpuLost}); ${entry.id} runs on WASM. Reload the page to try WebGPU again.`);
			choice = { ...choice, device: 'wasm', dtype: entry.defaults.dtype, reason: 'WebGPU device lost' };
		}
		const threads = this.#setThreads(choice.threads, callbacks);
		try {
			return (await this.#loadOnce(entry, { ...choice, threads }, callbacks)).model;
		} catch (err) {
			if (choice.device !== 'webgpu') throw err;
			const reason = err instanceof Error ? err.message : String(err);
			callbacks.onNotice(`WebGPU could not run ${entry.id} (${reason}). Falling back to WASM.`);
			const wasmChoice: BackendChoice = { ...choice, device: 'wasm', dtype: entry.defaults.dtype, threads };
			const loaded = await this.#loadOnce(entry, wasmChoice, callbacks);
			return { ...loaded.model, reason: `WebGPU failed: ${reason}`, fallback: { from: 'webgpu', reason } };
		}
	}

	#loadOnce(entry: ModelEntry, choice: BackendChoice, callbacks: LoadCallbacks): Promise<Loaded> {
		const key = `${entry.id}|${choice.device}|${choice.dtype}`;
		const existing = this.#loads.get(entry.id);
		if (existing) {
			return existing.then((loaded) => {
				if (loaded.key === key) return loaded;
				return this.unload(entry.id).then(() => this.#loadOnce(entry, choice, callbacks));
			});
		}
		const promise = this.#create(entry, choice, callbacks, key);
		this.#loads.set(entry.id, promise);
		promise.catch(() => this.#loads.delete(entry.id));
		return promise;
	}

	async #create(entry: ModelEntry, choice: BackendChoice, callbacks: LoadCallbacks, key: string): Promise<Loaded> {
		if (!LOADABLE_TASKS.has(entry.task)) {
			throw new InferenceError('load_failed', `${entry.id} is a ${entry.task} model, which this version of Bedside cannot run yet.`);
		}
		const start = performance.now();
		callbacks.onPhase('loading');
		let loaded: LoadedPipeline;
		try {
			const options = {
				device: choice.device,
				dtype: choice.dtype,
				progress_callback: (progress: ProgressInfo) => callbacks.onProgress(progress)
			};
			if (entry.task === 'text-generation') {
				loaded = { task: entry.task, pipe: (await pipeline('text-generation', entry.id, options)) as TextGenerationPipeline };
			} else if (entry.task === 'token-classification') {
				loaded = { task: entry.task, pipe: (await pipeline('token-classification', entry.id, options)) as TokenClassificationPipeline };
			} else {
				loaded = { task: 'feature-extraction', pipe: (await pipeline('feature-extraction', entry.id, options)) as FeatureExtractionPipeline };
			}
		} catch (err) {
			throw loadError(entry, err, choice.device);
		}
		callbacks.onPhase('warming');
		// One short run compiles kernels (WebGPU shaders) so the first real run is not penalised.
		if (loaded.task === 'text-generation') await loaded.pipe(WARMUP_MESSAGES, { max_new_tokens: 1, do_sample: false });
		else if (loaded.task === 'token-classification') await loaded.pipe(['Hello']);
		else await loaded.pipe(['Hello'], { pooling: 'mean', normalize: true });
		const model: LoadedModel = {
			modelId: entry.id,
			device: choice.device,
			dtype: choice.dtype,
			threads: choice.device === 'wasm' ? choice.threads : 0,
			loadMs: performance.now() - start,
			reason: choice.reason
		};
		if (choice.device === 'webgpu') await this.#watchGpuDevice();
		return { ...loaded, key, model, entry, choice };
	}

	/** After the first WebGPU session, ORT's `env.webgpu.device` is the device it uses: note when it is lost. */
	async #watchGpuDevice(): Promise<void> {
		if (this.#gpuDevice !== null) return;
		const webgpu = env.backends.onnx.webgpu as { device?: Promise<GpuDevice> | GpuDevice } | undefined;
		const device = await Promise.resolve(webgpu?.device).catch(() => undefined);
		if (!device || typeof device.destroy !== 'function') return;
		this.#gpuDevice = device;
		void device.lost.then((info) => {
			this.#gpuLost = info.message || info.reason || 'device lost';
		});
	}

	/** Whether `err`, from a run on a WebGPU model, means the device is gone (then the model moves to WASM). */
	#isGpuLoss(loaded: Loaded, err: unknown): boolean {
		if (loaded.model.device !== 'webgpu') return false;
		if (this.#gpuLost !== null) return true;
		return isDeviceLostError(err);
	}

	/**
	 * Reloads a WebGPU model on WASM after its device was lost, with a notice, and reports the new model.
	 * ORT's WebGPU backend cannot get a new device in this worker, so later WebGPU loads go to WASM too.
	 */
	async #moveToWasm(loaded: Loaded, err: unknown, callbacks: TaskCallbacks): Promise<Loaded> {
		const reason = this.#gpuLost ?? (err instanceof Error ? err.message : String(err ?? 'device lost'));
		this.#gpuLost ??= reason;
		const { entry } = loaded;
		callbacks.onNotice?.(`The WebGPU device was lost (${reason}). Reloading ${entry.id} on WASM; no page reload needed.`);
		this.#loads.delete(entry.id);
		void loaded.pipe.dispose().catch(() => {});
		const threads = this.#wasmThreads ?? loaded.choice.threads;
		const wasmChoice: BackendChoice = { ...loaded.choice, device: 'wasm', dtype: entry.defaults.dtype, threads, reason: `WebGPU device lost: ${reason}` };
		const silent: LoadCallbacks = { onProgress: () => {}, onPhase: () => {}, onNotice: (message) => callbacks.onNotice?.(message) };
		const moved = await this.#loadOnce(entry, wasmChoice, silent);
		const model: LoadedModel = { ...moved.model, fallback: { from: 'webgpu', reason: `device lost: ${reason}` } };
		callbacks.onReload?.(model);
		return { ...moved, model };
	}

	/** The loaded model, moved to WASM first when its WebGPU device is already known to be lost. */
	async #usable(modelId: string, callbacks: TaskCallbacks): Promise<Loaded | undefined> {
		const loaded = await this.#loads.get(modelId);
		if (loaded && loaded.model.device === 'webgpu' && this.#gpuLost !== null) return this.#moveToWasm(loaded, null, callbacks);
		return loaded;
	}

	async simulateFault(fault: SimulatedFault): Promise<string> {
		if (fault !== 'webgpu-device-lost') throw new InferenceError('unknown_request', `Unknown fault "${String(fault)}".`);
		if (this.#gpuDevice === null) {
			// No WebGPU session in this worker (e.g. the software adapter failed at load): mark the device lost so
			// the fallback path still runs for any WebGPU model, and say so.
			this.#gpuLost = 'simulated device loss (no WebGPU device in use)';
			return 'No WebGPU device in use; marked as lost.';
		}
		const device = this.#gpuDevice;
		device.destroy();
		// `lost` resolves soon after destroy(); the next run would also see it in its error.
		await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, 2000))]);
		this.#gpuLost ??= 'device destroyed';
		return `WebGPU device destroyed (${this.#gpuLost}).`;
	}

	async generate(input: GenerationInput, stream: GenerationStream): Promise<GenerationResult> {
		const loaded = await this.#usable(input.modelId, stream);
		if (!loaded) throw new InferenceError('not_loaded', `Load ${input.modelId} before running it.`);
		let isStreamed = false;
		const watched: GenerationStream = { ...stream, onToken: () => ((isStreamed = true), stream.onToken()) };
		try {
			return await this.#generateOn(loaded, input, watched);
		} catch (err) {
			if (!this.#isGpuLoss(loaded, err)) throw err;
			const moved = await this.#moveToWasm(loaded, err, stream);
			if (isStreamed) {
				throw new InferenceError('run_failed', 'The WebGPU device was lost during this answer. The model now runs on WASM: send the prompt again.', err instanceof Error ? err.message : String(err));
			}
			return this.#generateOn(moved, input, stream);
		}
	}

	async #generateOn(loaded: Loaded, input: GenerationInput, stream: GenerationStream): Promise<GenerationResult> {
		const { modelId, messages, options } = input;
		if (loaded.task !== 'text-generation') throw new InferenceError('run_failed', `${modelId} is a ${loaded.task} model, not a chat model.`);
		const generator = loaded.pipe;
		this.#stopping.reset();
		this.#stopping.isStopRequested = stream.isStopRequested;
		let text = '';
		const streamer = new TextStreamer(generator.tokenizer, {
			skip_prompt: true,
			skip_special_tokens: true,
			callback_function: (piece: string) => {
				text += piece;
				stream.onText(piece);
			},
			token_callback_function: () => stream.onToken()
		});
		const isGreedy = options.temperature === 0;
		// A prompt longer than the context would index past the model's positions: cut it, and say so.
		const fitted = fitToContext(messages, options.maxNewTokens, contextTokens(generator), contextTokenizer(generator));
		try {
			await generator(fitted.messages, {
				max_new_tokens: fitted.maxNewTokens,
				min_new_tokens: Math.min(options.minNewTokens ?? 0, fitted.maxNewTokens),
				do_sample: !isGreedy,
				...(isGreedy ? {} : { temperature: options.temperature }),
				streamer,
				stopping_criteria: this.#stopping
			});
		} catch (err) {
			if (this.#isGpuLoss(loaded, err)) throw err;
			throw new InferenceError('run_failed', 'The generation failed.', err instanceof Error ? err.message : String(err));
		}
		return { text, isInterrupted: this.#stopping.interrupted, ...(fitted.truncation ? { truncation: fitted.truncation } : {}) };
	}

	async infer(modelId: string, input: TaskInput, callbacks: TaskCallbacks = {}): Promise<TaskOutput> {
		const loaded = await this.#usable(modelId, callbacks);
		if (!loaded) throw new InferenceError('not_loaded', `Load ${modelId} before running it.`);
		try {
			return await this.#inferOn(loaded, input);
		} catch (err) {
			if (!this.#isGpuLoss(loaded, err)) throw err;
			return this.#inferOn(await this.#moveToWasm(loaded, err, callbacks), input);
		}
	}

	async #inferOn(loaded: Loaded, input: TaskInput): Promise<TaskOutput> {
		const modelId = loaded.model.modelId;
		try {
			if (input.kind === 'token-classification' && loaded.task === 'token-classification') {
				return { kind: input.kind, results: await classifyTokens(loaded.pipe, input.texts) };
			}
			if (input.kind === 'embed' && loaded.task === 'feature-extraction') {
				const tensor = await loaded.pipe(input.texts, { pooling: 'mean', normalize: true });
				return { kind: input.kind, vectors: tensor.tolist() as number[][] };
			}
			if (input.kind === 'loglik' && loaded.task === 'text-generation') {
				return { kind: input.kind, scores: await scoreContinuations(loaded.pipe, input.messages, input.continuations) };
			}
			if (input.kind === 'generate' && loaded.task === 'text-generation') {
				return { kind: input.kind, text: await generateGreedy(loaded.pipe, input.messages, input.maxNewTokens) };
			}
		} catch (err) {
			if (this.#isGpuLoss(loaded, err)) throw err;
			throw new InferenceError('run_failed', `${modelId} failed on the ${input.kind} task.`, err instanceof Error ? err.message : String(err));
		}
		throw new InferenceError('bad_input', `${modelId} is a ${loaded.task} model; it cannot run a ${input.kind} task.`);
	}

	interrupt(): void {
		this.#stopping.interrupt();
	}

	async unload(modelId: string): Promise<void> {
		const pending = this.#loads.get(modelId);
		this.#loads.delete(modelId);
		const loaded = await pending?.catch(() => null);
		await loaded?.pipe.dispose();
	}
}

/** Token predictions (aggregation 'none') per text; empty texts get no tokens. */
async function classifyTokens(pipe: TokenClassificationPipeline, texts: string[]): Promise<TokenPrediction[][]> {
	const results: TokenPrediction[][] = texts.map(() => []);
	const indices = texts.flatMap((text, i) => (text.trim() === '' ? [] : [i]));
	if (indices.length === 0) return results;
	const output = (await pipe(indices.map((i) => texts[i] ?? ''))) as unknown as TokenPrediction[][];
	indices.forEach((textIndex, k) => {
		results[textIndex] = (output[k] ?? []).map(({ entity, score, index, word }) => ({ entity, score, index, word }));
	});
	return results;
}

/**
 * Sum of log P(continuation tokens | prompt) with the chat template and assistant header as the prompt.
 * The continuation's tokens are those of the joint encoding after the prompt's (so merges across the
 * boundary match what the model would produce); when the prompt's encoding is not a prefix of the joint
 * one, the continuation is encoded on its own.
 */
async function scoreContinuations(
	generator: TextGenerationPipeline,
	messages: ChatMessage[],
	continuations: string[]
): Promise<{ logprob: number; tokens: number }[]> {
	const { tokenizer, model } = generator;
	const prompt = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
	const promptIds = tokenizer.encode(prompt, { add_special_tokens: false });
	const scores: { logprob: number; tokens: number }[] = [];
	for (const continuation of continuations) {
		let ids = tokenizer.encode(prompt + continuation, { add_special_tokens: false });
		const isPrefix = ids.length > promptIds.length && promptIds.every((id, i) => ids[i] === id);
		if (!isPrefix) ids = [...promptIds, ...tokenizer.encode(continuation, { add_special_tokens: false })];
		const n = ids.length;
		const inputIds = new Tensor('int64', BigInt64Array.from(ids, (id) => BigInt(id)), [1, n]);
		const attentionMask = new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
		const output = (await model({ input_ids: inputIds, attention_mask: attentionMask })) as { logits: Tensor };
		const logits = output.logits.data as Float32Array;
		const vocab = output.logits.dims.at(-1) ?? 0;
		let logprob = 0;
		for (let t = promptIds.length; t < n; t++) {
			logprob += logSoftmaxAt(logits, (t - 1) * vocab, vocab, ids[t] ?? 0);
		}
		scores.push({ logprob, tokens: n - promptIds.length });
	}
	return scores;
}

/** log softmax(row)[target] for the row of `size` logits starting at `offset`. */
export function logSoftmaxAt(logits: ArrayLike<number>, offset: number, size: number, target: number): number {
	let max = -Infinity;
	for (let i = 0; i < size; i++) max = Math.max(max, logits[offset + i] ?? -Infinity);
	let sum = 0;
	for (let i = 0; i < size; i++) sum += Math.exp((logits[offset + i] ?? -Infinity) - max);
	return (logits[offset + target] ?? -Infinity) - max - Math.log(sum);
}

/** Errors ORT and the browser raise when WebGPU's device is gone (destroyed, lost, reset). */
export function isDeviceLostError(err: unknown): boolean {
	const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
	return /device (is |was |has been )?(lost|destroyed)|GPUDevice.*(lost|destroyed)|lost GPU ?device|DXGI_ERROR_DEVICE_(REMOVED|RESET)|context lost/i.test(detail);
}

/**
 * Out-of-memory as ONNX Runtime Web, Emscripten and V8 report it: a RangeError from a failed ArrayBuffer or
 * WebAssembly.Memory allocation, ORT's "failed to allocate" / std::bad_alloc, an Emscripten `Aborted()` about
 * memory (OOM, "Cannot enlarge memory"), WebGPU's buffer allocation failures.
 */
export function isOutOfMemoryError(err: unknown): boolean {
	const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
	return /out of memory|\bOOM\b|bad_alloc|(array buffer|arraybuffer|memory) allocation failed|(failed|unable|could not|cannot) (to )?allocate|allocation (of [^.]* )?failed|cannot enlarge memory|WebAssembly\.Memory\(\): could not|Invalid (typed )?array (buffer )?length|Aborted\(\)[^]*memory/i.test(detail);
}

/** A load failure as a typed error whose message says what to do (exported for its unit test). */
export function loadError(entry: ModelEntry, err: unknown, device: BackendChoice['device'] = entry.defaults.device): InferenceError {
	const detail = err instanceof Error ? err.message : String(err);
	if (isOutOfMemoryError(err)) {
		const bytes = downloadBytes(entry);
		const size = bytes > 0 ? ` (${Math.max(1, Math.round(bytes / 2 ** 20))} MiB of model files)` : '';
		const next =
			device === 'webgpu'
				? 'Pick a smaller model, or switch the backend to WASM in Settings and load again.'
				: 'Pick a smaller model (bedside/med-lm is the smallest chat model), close other tabs, and reload the page before loading again (WASM memory is freed only on reload).';
		return new InferenceError('out_of_memory', `The browser ran out of memory loading ${entry.id}${size}. ${next}`, detail);
	}
	// An own model's files live in this browser's storage (Models tab), not in /models/ on the server.
	const isOwn = entry.source.kind === 'local';
	const missing = /could not locate file|404|not found/i.test(detail);
	if (missing) {
		return new InferenceError(
			'model_file_missing',
			isOwn
				? `A file of ${entry.id} is missing from this browser's storage. Delete it in Models and add its folder again.`
				: `A file of ${entry.id} is missing from /models/${entry.id}/. Run \`npm run models\` and reload the page.`,
			detail
		);
	}
	// ORT's "protobuf parsing failed", a JSON syntax error, an empty body: the installed copy is damaged.
	const damaged = /protobuf|parsing failed|JSON|Unexpected (token|end)|unterminated|invalid (model|file)|corrupt|truncat|buffer is empty|out of bounds/i.test(detail);
	if (damaged) {
		return new InferenceError(
			'load_failed',
			isOwn
				? `A file of ${entry.id} in this browser's storage is damaged or incomplete. Delete it in Models and add its folder again.`
				: `A file of ${entry.id} in /models/${entry.id}/ is damaged or incomplete. Run \`npm run models\` (it checks every file's size and sha256 and replaces bad ones) and reload the page.`,
			detail
		);
	}
	return new InferenceError('load_failed', `${entry.id} could not be loaded.`, detail);
}

/** The model's context window in tokens: its position embeddings, else the tokenizer's maximum. */
function contextTokens(generator: TextGenerationPipeline): number {
	const config = generator.model.config as { max_position_embeddings?: number };
	const fromTokenizer = (generator.tokenizer as { model_max_length?: number }).model_max_length;
	const n = config.max_position_embeddings ?? fromTokenizer;
	return typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 1e7 ? n : 2048;
}

function contextTokenizer(generator: TextGenerationPipeline): ContextTokenizer {
	const tokenizer = generator.tokenizer;
	return {
		promptTokens: (messages) =>
			tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: true, return_tensor: false, return_dict: false }).length,
		encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
		decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: false })
	};
}

/** One greedy reply, prompt fitted to the context as in the chat (evaluation wants it deterministic). */
async function generateGreedy(generator: TextGenerationPipeline, messages: ChatMessage[], maxNewTokens: number): Promise<string> {
	const fitted = fitToContext(messages, maxNewTokens, contextTokens(generator), contextTokenizer(generator));
	const output = (await generator(fitted.messages, { max_new_tokens: fitted.maxNewTokens, do_sample: false, return_full_text: false })) as unknown as { generated_text: string | ChatMessage[] }[];
	const generated = output[0]?.generated_text ?? '';
	if (typeof generated === 'string') return generated;
	return generated.at(-1)?.role === 'assistant' ? generated.at(-1)!.content : '';
}
