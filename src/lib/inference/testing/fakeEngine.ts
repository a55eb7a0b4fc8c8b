/**
 * A fake Engine with declarative scenarios, for unit tests of the handler, the client and UI state.
 * Real models are exercised by the e2e tests and the bench, never by this.
 */
import type { ModelEntry } from '../../models/catalogue';
import type { Engine, GenerationInput, GenerationResult, GenerationStream, LoadCallbacks, TaskCallbacks } from '../engine';
import { InferenceError, type ErrorCode } from '../errors';
import type { ChatMessage, LoadedModel, SequenceClassification, TaskInput, TaskOutput } from '../protocol';
import type { TokenPrediction } from '../protocol';
import type { BackendChoice, RuntimeInfo } from '../runtime';

export interface Scenario {
	runtime: RuntimeInfo;
	/** Files reported through progress events on load. */
	files: string[];
	/** Text pieces a generation streams, one token each. */
	tokens: string[];
	tokenDelayMs: number;
	/** Fail load or generate with this code. */
	loadFailure?: ErrorCode;
	runFailure?: ErrorCode;
	/** Fail the first WebGPU load so the engine falls back to WASM, as the real one does. */
	isWebGPUBroken?: boolean;
	/** A load takes this long (to stop it midway). */
	loadDelayMs?: number;
}

export const SCENARIOS = {
	happy: {
		runtime: { hasWebGPU: false, hasShaderF16: false, adapterName: null, isCrossOriginIsolated: true, hardwareConcurrency: 2 },
		files: ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx'],
		tokens: ['The', ' patient', ' should', ' rest', '.'],
		tokenDelayMs: 0
	},
	slow: {
		runtime: { hasWebGPU: false, hasShaderF16: false, adapterName: null, isCrossOriginIsolated: true, hardwareConcurrency: 2 },
		files: ['config.json'],
		tokens: Array.from({ length: 200 }, (_, i) => ` t${i}`),
		tokenDelayMs: 5
	},
	brokenGpu: {
		runtime: { hasWebGPU: true, hasShaderF16: true, adapterName: 'fake adapter', isCrossOriginIsolated: true, hardwareConcurrency: 2 },
		files: ['config.json'],
		tokens: ['ok'],
		tokenDelayMs: 0,
		isWebGPUBroken: true
	},
	gpu: {
		runtime: { hasWebGPU: true, hasShaderF16: true, adapterName: 'fake adapter', isCrossOriginIsolated: true, hardwareConcurrency: 2 },
		files: ['config.json'],
		tokens: ['on', ' gpu'],
		tokenDelayMs: 0
	},
	slowLoad: {
		runtime: { hasWebGPU: false, hasShaderF16: false, adapterName: null, isCrossOriginIsolated: true, hardwareConcurrency: 2 },
		files: ['config.json'],
		tokens: ['ok'],
		tokenDelayMs: 0,
		loadDelayMs: 200
	},
	missingFile: {
		runtime: { hasWebGPU: false, hasShaderF16: false, adapterName: null, isCrossOriginIsolated: false, hardwareConcurrency: 1 },
		files: [],
		tokens: [],
		tokenDelayMs: 0,
		loadFailure: 'model_file_missing'
	}
} satisfies Record<string, Scenario>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeEngine implements Engine {
	readonly scenario: Scenario;
	readonly loaded = new Map<string, LoadedModel>();
	/** Every generate call's messages, for assertions. */
	readonly prompts: ChatMessage[][] = [];
	#isInterrupted = false;
	/** Set by simulateFault('webgpu-device-lost'): the next use of a WebGPU model moves it to WASM, as the real engine does. */
	#isGpuLost = false;

	constructor(scenario: Scenario) {
		this.scenario = scenario;
	}

	async detect(): Promise<RuntimeInfo> {
		return this.scenario.runtime;
	}

	async load(entry: ModelEntry, choice: BackendChoice, callbacks: LoadCallbacks): Promise<LoadedModel> {
		callbacks.onPhase('loading');
		for (const file of this.scenario.files) {
			callbacks.onProgress({ status: 'initiate', name: entry.id, file });
			callbacks.onProgress({ status: 'progress', name: entry.id, file, progress: 100, loaded: 10, total: 10 });
			callbacks.onProgress({ status: 'done', name: entry.id, file });
		}
		if (this.scenario.loadDelayMs) await sleep(this.scenario.loadDelayMs);
		if (this.scenario.loadFailure) {
			throw new InferenceError(this.scenario.loadFailure, `fake ${this.scenario.loadFailure}`);
		}
		let model: LoadedModel = {
			modelId: entry.id,
			device: choice.device,
			dtype: choice.dtype,
			threads: choice.threads,
			loadMs: 1,
			reason: choice.reason
		};
		if (choice.device === 'webgpu' && this.scenario.isWebGPUBroken) {
			callbacks.onNotice('WebGPU could not run the model. Falling back to WASM.');
			model = { ...model, device: 'wasm', fallback: { from: 'webgpu', reason: 'fake adapter lost' } };
		}
		callbacks.onPhase('warming');
		this.loaded.set(entry.id, model);
		return model;
	}

	async generate(input: GenerationInput, stream: GenerationStream): Promise<GenerationResult> {
		const { modelId, messages, options } = input;
		if (!this.loaded.has(modelId)) throw new InferenceError('not_loaded', `Load ${modelId} first.`);
		if (this.scenario.runFailure) throw new InferenceError(this.scenario.runFailure, 'fake run failure');
		this.#moveIfGpuLost(modelId, stream);
		this.prompts.push(messages);
		this.#isInterrupted = false;
		let text = '';
		for (const piece of this.scenario.tokens.slice(0, options.maxNewTokens)) {
			if (stream.isStopRequested()) this.#isInterrupted = true;
			if (this.#isInterrupted) break;
			if (this.scenario.tokenDelayMs > 0) await sleep(this.scenario.tokenDelayMs);
			stream.onToken();
			stream.onText(piece);
			text += piece;
		}
		return { text, isInterrupted: this.#isInterrupted };
	}

	/** Every infer call's input, for assertions. */
	readonly inferred: TaskInput[] = [];

	/**
	 * Deterministic stand-ins: NER tags whitespace words ending in -in/-ol/-ide as Chemical and in
	 * -itis/-emia/-osis/-sis as Disease (score 0.9); embeddings are L2-normalised hashed bags of lower-cased
	 * words (dimension 16); loglik is -1 per character of the continuation, one token per word. Sequence
	 * classification: a text with drug-pair markers gets "effect" when it says increase/decrease, else "none";
	 * other texts get the hallmark "Resisting cell death" when they mention apoptosis.
	 */
	async infer(modelId: string, input: TaskInput, callbacks: TaskCallbacks = {}): Promise<TaskOutput> {
		if (!this.loaded.has(modelId)) throw new InferenceError('not_loaded', `Load ${modelId} first.`);
		if (this.scenario.runFailure) throw new InferenceError(this.scenario.runFailure, 'fake run failure');
		this.#moveIfGpuLost(modelId, callbacks);
		this.inferred.push(input);
		if (input.kind === 'token-classification') return { kind: input.kind, results: input.texts.map(fakeTokens) };
		if (input.kind === 'embed') return { kind: input.kind, vectors: input.texts.map(fakeVector) };
		if (input.kind === 'sequence-classification') return { kind: input.kind, results: input.texts.map(fakeClasses) };
		if (input.kind === 'generate') {
			// Echoes the first maxNewTokens words of the last message: deterministic and easy to assert on.
			const words = (input.messages.at(-1)?.content ?? '').split(/\s+/).filter(Boolean);
			return { kind: 'generate', text: words.slice(0, input.maxNewTokens).join(' ') };
		}
		return {
			kind: 'loglik',
			scores: input.continuations.map((c) => ({ logprob: -c.length, tokens: c.split(/\s+/).filter(Boolean).length }))
		};
	}

	interrupt(): void {
		this.#isInterrupted = true;
	}

	async simulateFault(fault: string): Promise<string> {
		if (fault !== 'webgpu-device-lost') throw new InferenceError('unknown_request', `Unknown fault "${fault}".`);
		this.#isGpuLost = true;
		return 'fake WebGPU device destroyed';
	}

	#moveIfGpuLost(modelId: string, stream: TaskCallbacks): void {
		const model = this.loaded.get(modelId);
		if (!this.#isGpuLost || model?.device !== 'webgpu') return;
		stream.onNotice?.(`The WebGPU device was lost (fake). Reloading ${modelId} on WASM; no page reload needed.`);
		const moved: LoadedModel = { ...model, device: 'wasm', fallback: { from: 'webgpu', reason: 'device lost: fake' } };
		this.loaded.set(modelId, moved);
		stream.onReload?.(moved);
	}

	async unload(modelId: string): Promise<void> {
		this.loaded.delete(modelId);
	}
}

function fakeTokens(text: string): TokenPrediction[] {
	const out: TokenPrediction[] = [];
	text
		.split(/\s+/)
		.filter(Boolean)
		.forEach((raw, i) => {
			const word = raw.replace(/[^\p{L}\p{N}-]/gu, '');
			const lower = word.toLowerCase();
			const type = /(in|ol|ide)$/.test(lower) ? 'Chemical' : /(itis|emia|osis|sis)$/.test(lower) ? 'Disease' : null;
			if (type && word) out.push({ entity: `B-${type}`, score: 0.9, index: i + 1, word });
		});
	return out;
}

function fakeClasses(text: string): SequenceClassification {
	if (text.includes('[E1]')) {
		const label = /increase|decrease/i.test(text) ? 'effect' : 'none';
		return { scores: ['none', 'effect'].map((l) => ({ label: l, score: l === label ? 0.8 : 0.2 })), labels: [label] };
	}
	const isDeath = /apoptosis/i.test(text);
	return { scores: [{ label: 'Resisting cell death', score: isDeath ? 0.9 : 0.1 }], labels: isDeath ? ['Resisting cell death'] : [] };
}

function fakeVector(text: string): number[] {
	const vector = new Array<number>(16).fill(0);
	for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
		let hash = 0;
		for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
		vector[hash % 16]! += 1;
	}
	const norm = Math.hypot(...vector);
	return norm === 0 ? vector : vector.map((v) => v / norm);
}
