/**
 * The real Engine: Transformers.js pipelines on ONNX Runtime Web (WebGPU or WASM), inside the worker. This
 * file is the models' lifecycle (load once, warm up, move to WASM when WebGPU is lost, unload); generation
 * is generation/chatGenerator.ts, each task's pipeline and run are in tasks/ (pipelines.ts), session options in
 * sessionPolicy.ts.
 * Catalogue models load only from the app's own /models/ folder (no remote hosts).
 */
import { env } from '@huggingface/transformers';
import { downloadBytes, type ModelEntry } from '../models/catalogue';
import { fetchWithUserModels } from '../models/own/fileRouting';
import { isRunnableTask } from '../models/tasks';
import { modelFileFetch } from '../models/modelFileFetch';
import type { Engine, GenerationInput, GenerationResult, GenerationStream, LoadCallbacks, TaskCallbacks } from './engine';
import { InferenceError, loadError } from './errors';
import type { ChatGenerator } from './generation/chatGenerator';
import { GpuWatch } from './gpuRecovery';
import type { LoadedModel, ModelMemory, ProgressInfo, SimulatedFault, TaskInput, TaskOutput } from './protocol';
import { detectRuntime, type BackendChoice, type RuntimeInfo } from './runtime';
import { sessionPlan } from './sessionPolicy';
import { createPipeline, runTask, warmUpPipeline, type LoadedPipeline } from './tasks/pipelines';
import { wasmHeapBytes, wasmHeapStartBytes } from './wasmMemory';

export interface OrtAssets {
	/** URL of ONNX Runtime's WASM glue module (.mjs), served by the app. */
	mjs: string;
	/** URL of ONNX Runtime's WASM binary, served by the app. */
	wasm: string;
}

type Loaded = LoadedPipeline & { key: string; model: LoadedModel; entry: ModelEntry; choice: BackendChoice };

export class TransformersEngine implements Engine {
	readonly #loads = new Map<string, Promise<Loaded>>();
	readonly #gpu = new GpuWatch();
	#wasmThreads: number | null = null;
	/** The generator of the running chat answer, for `interrupt()`. */
	#running: ChatGenerator | null = null;

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
		// The user's own models (`user/<name>`) are read from this browser's storage; all else is fetched as before,
		// without the HTTP cache (see modelFileFetch.ts for why a fresh visit's first load failed without this).
		env.fetch = modelFileFetch(fetchWithUserModels());
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
			callbacks.onNotice(`WASM already started with ${this.#wasmThreads} thread(s); restart the worker to use ${threads}.`);
		}
		return this.#wasmThreads;
	}

	async load(entry: ModelEntry, requested: BackendChoice, callbacks: LoadCallbacks): Promise<LoadedModel> {
		let choice = requested;
		if (this.#isWasmOnly && choice.device === 'webgpu') {
			callbacks.onNotice('This worker runs the WASM-only runtime; choose WebGPU in Settings and load again.');
			choice = { ...choice, device: 'wasm', dtype: entry.defaults.dtype, reason: 'WASM-only worker' };
		}
		if (this.#gpu.lost !== null && choice.device === 'webgpu') {
			callbacks.onNotice(
				`The WebGPU device was lost earlier (${this.#gpu.lost}); ${entry.id} runs on WASM. Reload the page to try WebGPU again.`
			);
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
		if (!isRunnableTask(entry.task)) {
			throw new InferenceError('load_failed', `${entry.id} is a ${entry.task} model, which this version of Bedside cannot run yet.`);
		}
		const start = performance.now();
		const heapBefore = wasmHeapBytes();
		const weightBytes = weightFileBytes(entry, choice);
		const plan = sessionPlan(choice.device, choice.dtype, weightBytes, entry.task);
		callbacks.onPhase('loading');
		let loaded: LoadedPipeline;
		try {
			loaded = await createPipeline(entry, {
				device: choice.device,
				dtype: choice.dtype,
				session_options: plan.sessionOptions,
				progress_callback: (progress: ProgressInfo) => callbacks.onProgress(progress)
			});
		} catch (err) {
			throw loadError(entry, err, choice.device);
		}
		callbacks.onPhase('warming');
		// Warm-up compiles kernels (WebGPU shaders) and lets V8 optimise ORT's WASM before the first real run.
		const warmup = await warmUpPipeline(loaded);
		const heapAfter = wasmHeapBytes();
		// The first load also starts ONNX Runtime's WASM: its growth counts from the heap ORT started with.
		const heapBase = heapBefore ?? wasmHeapStartBytes();
		const memory: ModelMemory = {
			weightBytes,
			wasmHeapBytes: choice.device === 'wasm' && heapBase !== null && heapAfter !== null ? heapAfter - heapBase : null,
			foldsWeights: plan.foldsWeights,
			plan: plan.why
		};
		const model: LoadedModel = {
			modelId: entry.id,
			device: choice.device,
			dtype: choice.dtype,
			threads: choice.device === 'wasm' ? choice.threads : 0,
			loadMs: performance.now() - start,
			reason: choice.reason,
			memory,
			...(warmup ? { warmup } : {}),
			...(loaded.task === 'text-generation' ? { decodeLoop: loaded.generator.usesOwnLoop ? ('own' as const) : ('library' as const) } : {})
		};
		if (choice.device === 'webgpu') await this.#gpu.watch();
		return { ...loaded, key, model, entry, choice };
	}

	/**
	 * Reloads a WebGPU model on WASM after its device was lost, with a notice, and reports the new model.
	 * ORT's WebGPU backend cannot get a new device in this worker, so later WebGPU loads go to WASM too.
	 */
	async #moveToWasm(loaded: Loaded, err: unknown, callbacks: TaskCallbacks): Promise<Loaded> {
		const reason = this.#gpu.lost ?? (err instanceof Error ? err.message : String(err ?? 'device lost'));
		this.#gpu.markLost(reason);
		const { entry } = loaded;
		callbacks.onNotice?.(`The WebGPU device was lost (${reason}). Reloading ${entry.id} on WASM; no page reload needed.`);
		this.#loads.delete(entry.id);
		void loaded.pipe.dispose().catch(() => {});
		const threads = this.#wasmThreads ?? loaded.choice.threads;
		const wasmChoice: BackendChoice = {
			...loaded.choice,
			device: 'wasm',
			dtype: entry.defaults.dtype,
			threads,
			reason: `WebGPU device lost: ${reason}`
		};
		const silent: LoadCallbacks = { onProgress: () => {}, onPhase: () => {}, onNotice: (message) => callbacks.onNotice?.(message) };
		const moved = await this.#loadOnce(entry, wasmChoice, silent);
		const model: LoadedModel = { ...moved.model, fallback: { from: 'webgpu', reason: `device lost: ${reason}` } };
		callbacks.onReload?.(model);
		return { ...moved, model };
	}

	/** The loaded model, moved to WASM first when its WebGPU device is already known to be lost. */
	async #usable(modelId: string, callbacks: TaskCallbacks): Promise<Loaded | undefined> {
		const loaded = await this.#loads.get(modelId);
		if (loaded && loaded.model.device === 'webgpu' && this.#gpu.lost !== null) return this.#moveToWasm(loaded, null, callbacks);
		return loaded;
	}

	simulateFault(fault: SimulatedFault): Promise<string> {
		return this.#gpu.simulateLoss(fault);
	}

	async generate(input: GenerationInput, stream: GenerationStream): Promise<GenerationResult> {
		const loaded = await this.#usable(input.modelId, stream);
		if (!loaded) throw new InferenceError('not_loaded', `Load ${input.modelId} before running it.`);
		let isStreamed = false;
		const watched: GenerationStream = { ...stream, onToken: () => ((isStreamed = true), stream.onToken()) };
		try {
			return await this.#generateOn(loaded, input, watched);
		} catch (err) {
			if (!this.#gpu.isLoss(loaded.model.device, err)) throw err;
			const moved = await this.#moveToWasm(loaded, err, stream);
			if (isStreamed) {
				throw new InferenceError(
					'run_failed',
					'The WebGPU device was lost during this answer. The model now runs on WASM: send the prompt again.',
					err instanceof Error ? err.message : String(err)
				);
			}
			return this.#generateOn(moved, input, stream);
		}
	}

	async #generateOn(loaded: Loaded, input: GenerationInput, stream: GenerationStream): Promise<GenerationResult> {
		const { modelId, messages, options } = input;
		if (loaded.task !== 'text-generation')
			throw new InferenceError('run_failed', `${modelId} is a ${loaded.task} model, not a chat model.`);
		this.#running = loaded.generator;
		try {
			const reply = await loaded.generator.generate(messages, options, stream);
			return {
				text: reply.text,
				isInterrupted: reply.isInterrupted,
				...(reply.truncation ? { truncation: reply.truncation } : {}),
				...(reply.timings ? { timings: reply.timings } : {})
			};
		} catch (err) {
			if (this.#gpu.isLoss(loaded.model.device, err)) throw err;
			throw new InferenceError('run_failed', 'The generation failed.', err instanceof Error ? err.message : String(err));
		} finally {
			this.#running = null;
		}
	}

	async infer(modelId: string, input: TaskInput, callbacks: TaskCallbacks = {}): Promise<TaskOutput> {
		const loaded = await this.#usable(modelId, callbacks);
		if (!loaded) throw new InferenceError('not_loaded', `Load ${modelId} before running it.`);
		try {
			return await this.#inferOn(loaded, input);
		} catch (err) {
			if (!this.#gpu.isLoss(loaded.model.device, err)) throw err;
			return this.#inferOn(await this.#moveToWasm(loaded, err, callbacks), input);
		}
	}

	async #inferOn(loaded: Loaded, input: TaskInput): Promise<TaskOutput> {
		try {
			return await runTask(loaded, input);
		} catch (err) {
			if (this.#gpu.isLoss(loaded.model.device, err) || err instanceof InferenceError) throw err;
			throw new InferenceError(
				'run_failed',
				`${loaded.model.modelId} failed on the ${input.kind} task.`,
				err instanceof Error ? err.message : String(err)
			);
		}
	}

	interrupt(): void {
		this.#running?.interrupt();
	}

	async unload(modelId: string): Promise<void> {
		const pending = this.#loads.get(modelId);
		this.#loads.delete(modelId);
		const loaded = await pending?.catch(() => null);
		await loaded?.pipe.dispose();
	}
}

/** Bytes of the model's ONNX weight files for the chosen dtype (0 when the catalogue gives no sizes). */
function weightFileBytes(entry: ModelEntry, choice: BackendChoice): number {
	const onnx = entry.files.filter((f) => /\.onnx(_data)?$/.test(f.path) && (f.dtype === undefined || f.dtype === choice.dtype));
	return onnx.reduce((sum, f) => sum + (f.bytes ?? 0), 0) || downloadBytes(entry, choice.dtype);
}
