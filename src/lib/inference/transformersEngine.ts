/**
 * The real Engine: Transformers.js pipelines on ONNX Runtime Web (WebGPU or WASM), inside the worker.
 * Catalogue models load only from the app's own /models/ folder (no remote hosts).
 */
import {
	env,
	InterruptableStoppingCriteria,
	pipeline,
	TextStreamer,
	type TextGenerationPipeline
} from '@huggingface/transformers';
import type { ModelEntry } from '../models/catalogue';
import type { Engine, GenerationInput, GenerationResult, GenerationStream, LoadCallbacks } from './engine';
import { InferenceError } from './errors';
import type { ChatMessage, LoadedModel } from './protocol';
import { detectRuntime, type BackendChoice, type RuntimeInfo } from './runtime';

export interface OrtAssets {
	/** URL of ONNX Runtime's WASM glue module (.mjs), served by the app. */
	mjs: string;
	/** URL of ONNX Runtime's WASM binary, served by the app. */
	wasm: string;
}

interface Loaded {
	key: string;
	generator: TextGenerationPipeline;
	model: LoadedModel;
}

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

	readonly #isWasmOnly: boolean;

	/** @param isWasmOnly this worker runs ONNX Runtime's plain WASM build, which has no WebGPU backend. */
	constructor(assets: OrtAssets, modelBasePath: string, isWasmOnly = false) {
		this.#isWasmOnly = isWasmOnly;
		env.allowRemoteModels = false;
		env.allowLocalModels = true;
		env.localModelPath = modelBasePath;
		// Files are already local and versioned by `npm run models`: a Cache API copy could go stale.
		env.useBrowserCache = false;
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
		if (entry.task !== 'text-generation') {
			throw new InferenceError('load_failed', `${entry.id} is a ${entry.task} model; the chat needs a text-generation model.`);
		}
		const start = performance.now();
		callbacks.onPhase('loading');
		let generator: TextGenerationPipeline;
		try {
			generator = (await pipeline('text-generation', entry.id, {
				device: choice.device,
				dtype: choice.dtype,
				progress_callback: (progress) => callbacks.onProgress(progress)
			})) as TextGenerationPipeline;
		} catch (err) {
			throw loadError(entry, err);
		}
		callbacks.onPhase('warming');
		// One short generation compiles kernels (WebGPU shaders) so the first real run is not penalised.
		await generator(WARMUP_MESSAGES, { max_new_tokens: 1, do_sample: false });
		const model: LoadedModel = {
			modelId: entry.id,
			device: choice.device,
			dtype: choice.dtype,
			threads: choice.device === 'wasm' ? choice.threads : 0,
			loadMs: performance.now() - start,
			reason: choice.reason
		};
		return { key, generator, model };
	}

	async generate(input: GenerationInput, stream: GenerationStream): Promise<GenerationResult> {
		const { modelId, messages, options } = input;
		const loaded = await this.#loads.get(modelId);
		if (!loaded) throw new InferenceError('not_loaded', `Load ${modelId} before running it.`);
		const { generator } = loaded;
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
		try {
			await generator(messages, {
				max_new_tokens: options.maxNewTokens,
				min_new_tokens: options.minNewTokens ?? 0,
				do_sample: !isGreedy,
				...(isGreedy ? {} : { temperature: options.temperature }),
				streamer,
				stopping_criteria: this.#stopping
			});
		} catch (err) {
			throw new InferenceError('run_failed', 'The generation failed.', err instanceof Error ? err.message : String(err));
		}
		return { text, isInterrupted: this.#stopping.interrupted };
	}

	interrupt(): void {
		this.#stopping.interrupt();
	}

	async unload(modelId: string): Promise<void> {
		const pending = this.#loads.get(modelId);
		this.#loads.delete(modelId);
		const loaded = await pending?.catch(() => null);
		await loaded?.generator.dispose();
	}
}

function loadError(entry: ModelEntry, err: unknown): InferenceError {
	const detail = err instanceof Error ? err.message : String(err);
	const missing = /could not locate file|404|not found/i.test(detail);
	if (missing) {
		return new InferenceError(
			'model_file_missing',
			`A file of ${entry.id} is missing from /models/${entry.id}/. Run \`npm run models\` and reload the page.`,
			detail
		);
	}
	return new InferenceError('load_failed', `${entry.id} could not be loaded.`, detail);
}
