/**
 * The main-thread side of the protocol: turns calls into requests and events back into promises and
 * callbacks. It owns the worker's life: a crashed worker answers every in-flight request with a
 * `worker_crashed` error and is recreated, a bounded number of times in a row.
 */
import { getModel } from '../models/own/registry.svelte';
import { recordLoad } from '../models/modelStats';
import { InferenceError } from './errors';
import type {
	BackendPreference,
	ChatMessage,
	EventOf,
	GenerationOptions,
	LoadedModel,
	ProgressInfo,
	RunStats,
	SimulatedFault,
	TaskInput,
	TaskOutput,
	WorkerEvent,
	WorkerRequest
} from './protocol';
import { workerKindFor, type RuntimeInfo, type WorkerKind } from './runtime';

/** What the client needs of a Worker; tests pass an in-memory port around a handler. */
export interface WorkerPort {
	postMessage(request: WorkerRequest): void;
	onmessage: ((message: { data: WorkerEvent }) => void) | null;
	onerror: ((error: unknown) => void) | null;
	terminate(): void;
}

export interface LoadListener {
	onProgress?(progress: ProgressInfo): void;
	onPhase?(phase: 'loading' | 'warming'): void;
	onNotice?(message: string): void;
	onRuntime?(runtime: RuntimeInfo): void;
}

/** What a run or a task may report besides its result: notices and a model reloaded on another backend. */
export interface RunListener {
	onNotice?(message: string): void;
	onReload?(model: LoadedModel): void;
}

/** Told after a worker crashed (or was killed) and a fresh one was started, or not (`isRestarted`). */
export type CrashListener = (error: InferenceError, isRestarted: boolean) => void;

interface Pending {
	onEvent(event: WorkerEvent): void;
	reject(error: InferenceError): void;
}

/** After this many crashes without a successful request in between, the client stops restarting. */
export const MAX_CONSECUTIVE_CRASHES = 3;

type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export class InferenceClient {
	readonly #createPort: (kind: WorkerKind) => WorkerPort;
	#kind: WorkerKind;
	/** `kind|threads` of the running worker once a load chose it; null before the first load. */
	#workerKey: string | null = null;
	readonly #pending = new Map<string, Pending>();
	#port: WorkerPort;
	#nextId = 1;
	#crashes = 0;
	readonly #stopFlags = new Map<string, Int32Array>();
	readonly #crashListeners = new Set<CrashListener>();

	constructor(createPort: (kind: WorkerKind) => WorkerPort, kind: WorkerKind = 'wasm') {
		this.#createPort = createPort;
		this.#kind = kind;
		this.#port = this.#connect();
		liveClients.add(this);
	}

	/** Calls `listener` after each crash, even when no request was in flight (e.g. an idle worker was killed). */
	onWorkerCrash(listener: CrashListener): () => void {
		this.#crashListeners.add(listener);
		return () => this.#crashListeners.delete(listener);
	}

	/** The build of the current worker (see `workerKindFor`). */
	get kind(): WorkerKind {
		return this.#kind;
	}

	#connect(): WorkerPort {
		const port = this.#createPort(this.#kind);
		port.onmessage = (message) => this.#receive(message.data);
		port.onerror = (error) => this.#crash(error);
		return port;
	}

	#receive(event: WorkerEvent): void {
		this.#pending.get(event.id)?.onEvent(event);
		if (event.type === 'done') this.#crashes = 0;
	}

	#crash(error: unknown): void {
		const detail = error instanceof Error ? error.message : describeEvent(error);
		this.#crashes += 1;
		const isRestarted = this.#crashes <= MAX_CONSECUTIVE_CRASHES;
		const failure = new InferenceError(
			'worker_crashed',
			isRestarted
				? 'The inference worker stopped unexpectedly and was restarted. Load the model again.'
				: 'The inference worker keeps crashing. Reload the page.',
			detail
		);
		for (const pending of this.#pending.values()) pending.reject(failure);
		this.#pending.clear();
		this.#stopFlags.clear();
		this.#port.terminate();
		if (isRestarted) this.#port = this.#connect();
		for (const listener of this.#crashListeners) listener(failure, isRestarted);
	}

	/**
	 * Test hook (testHooks.ts, `?testHooks=1` only): kills the worker as a crash would, through the same path
	 * as a real `error` event, so the restart and the UI's notice can be tested.
	 */
	simulateCrash(reason = 'killed by a test hook'): void {
		this.#port.terminate();
		this.#crash(new Error(reason));
	}

	/** Test hook: asks the worker to inject a fault (see the `simulate` request); resolves with what it did. */
	async simulate(fault: SimulatedFault): Promise<string> {
		let what = '';
		await this.#request({ type: 'simulate', fault }, (event) => {
			if (event.type === 'notice') what = event.message;
		});
		return what;
	}

	/** Terminates the worker and starts a fresh one, of another build if asked (thread count and ONNX Runtime build are fixed per worker). */
	restart(kind: WorkerKind = this.#kind): void {
		this.#kind = kind;
		const failure = new InferenceError('worker_crashed', 'The worker was restarted.');
		for (const pending of this.#pending.values()) pending.reject(failure);
		this.#pending.clear();
		this.#port.terminate();
		this.#port = this.#connect();
	}

	/** Sends a request; `onEvent` sees every non-terminal event; resolves on `done`, rejects on `error`. */
	#request(body: RequestBody, onEvent: (event: WorkerEvent) => void = () => {}): Promise<EventOf<'done'>> {
		if (this.#crashes > MAX_CONSECUTIVE_CRASHES) {
			return Promise.reject(new InferenceError('worker_crashed', 'The inference worker keeps crashing. Reload the page.'));
		}
		const id = `r${this.#nextId++}`;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, {
				reject,
				onEvent: (event) => {
					if (event.type === 'done') {
						this.#pending.delete(id);
						resolve(event);
					} else if (event.type === 'error') {
						this.#pending.delete(id);
						reject(new InferenceError(event.error.code, event.error.message, event.error.detail));
					} else {
						onEvent(event);
					}
				}
			});
			this.#port.postMessage({ ...body, id } as WorkerRequest);
		});
	}

	/** The id the next request will get: lets a caller name a run before it starts (to interrupt it). */
	peekNextId(): string {
		return `r${this.#nextId}`;
	}

	async detect(): Promise<RuntimeInfo> {
		let runtime: RuntimeInfo | null = null;
		await this.#request({ type: 'detect' }, (event) => {
			if (event.type === 'runtime') runtime = event.runtime;
		});
		if (runtime === null) throw new InferenceError('unknown_request', 'The worker sent no runtime info.');
		return runtime;
	}

	/**
	 * The worker build (plain WASM or WebGPU) and WASM thread count are fixed when a worker starts: a load that
	 * needs others restarts it first. This is the only place that chooses workers.
	 */
	#ensureWorkerFor(modelId: string, preference: BackendPreference): void {
		const kind = workerKindFor(getModel(modelId), preference);
		const key = `${kind}|${preference.threads}`;
		const isFirst = this.#workerKey === null;
		if ((isFirst && kind !== this.#kind) || (!isFirst && this.#workerKey !== key)) this.restart(kind);
		this.#workerKey = key;
	}

	async load(modelId: string, preference: BackendPreference, listener: LoadListener = {}): Promise<LoadedModel> {
		this.#ensureWorkerFor(modelId, preference);
		let model: LoadedModel | null = null;
		await this.#request({ type: 'load', entry: getModel(modelId), preference }, (event) => {
			if (event.type === 'progress') listener.onProgress?.(event.progress);
			else if (event.type === 'phase') listener.onPhase?.(event.phase);
			else if (event.type === 'notice') listener.onNotice?.(event.message);
			else if (event.type === 'runtime') listener.onRuntime?.(event.runtime);
			else if (event.type === 'ready') model = event.model;
		});
		if (model === null) throw new InferenceError('load_failed', 'The worker finished loading without a ready event.');
		recordLoad(model);
		return model;
	}

	/**
	 * Starts a generation. `onToken` gets each text piece and the token count so far.
	 * @returns the request id (to interrupt) and a promise of the final stats.
	 */
	run(
		modelId: string,
		messages: ChatMessage[],
		options: GenerationOptions,
		onToken: (text: string, tokens: number) => void,
		listener: RunListener = {}
	): { id: string; stats: Promise<RunStats> } {
		const id = this.peekNextId();
		const stopFlag = createStopFlag();
		if (stopFlag) this.#stopFlags.set(id, stopFlag);
		const stats = this.#request({ type: 'run', modelId, messages, options, stopFlag }, (event) => {
			if (event.type === 'token') onToken(event.text, event.tokens);
			else if (event.type === 'notice') listener.onNotice?.(event.message);
			else if (event.type === 'ready') listener.onReload?.(event.model);
		})
			.then((done) => {
				if (!done.stats) throw new InferenceError('run_failed', 'The worker finished without stats.');
				return done.stats;
			})
			.finally(() => this.#stopFlags.delete(id));
		return { id, stats };
	}

	/** Runs a non-streaming task (NER, embeddings, loglik) on a loaded model; `ms` is the worker's run time. */
	async infer(modelId: string, input: TaskInput, listener: RunListener = {}): Promise<{ output: TaskOutput; ms: number }> {
		let result: { output: TaskOutput; ms: number } | null = null;
		await this.#request({ type: 'infer', modelId, input }, (event) => {
			if (event.type === 'output') result = { output: event.output, ms: event.ms };
			else if (event.type === 'notice') listener.onNotice?.(event.message);
			else if (event.type === 'ready') listener.onReload?.(event.model);
		});
		if (result === null) throw new InferenceError('run_failed', 'The worker finished without an output.');
		return result;
	}

	/** Asks a run to stop; the run's own promise resolves when the worker has really stopped. */
	async interrupt(target: string): Promise<void> {
		const flag = this.#stopFlags.get(target);
		if (flag) Atomics.store(flag, 0, 1);
		await this.#request({ type: 'interrupt', target });
	}

	async unload(modelId: string): Promise<void> {
		await this.#request({ type: 'unload', modelId });
	}

	dispose(): void {
		liveClients.delete(this);
		this.#port.terminate();
	}
}

/** Every client not yet disposed, for the test hooks (testHooks.ts) only. */
export const liveClients = new Set<InferenceClient>();

/** The browser's worker, as a port. Vite bundles each entry as an ES module worker. */
export function createBrowserWorker(kind: WorkerKind): WorkerPort {
	const worker =
		kind === 'webgpu'
			? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'bedside-webgpu' })
			: new Worker(new URL('./wasmWorker.ts', import.meta.url), { type: 'module', name: 'bedside-wasm' });
	const port: WorkerPort = {
		postMessage: (request) => worker.postMessage(request),
		onmessage: null,
		onerror: null,
		terminate: () => worker.terminate()
	};
	worker.onmessage = (message: MessageEvent<WorkerEvent>) => port.onmessage?.(message);
	worker.onerror = (error) => port.onerror?.(error);
	worker.onmessageerror = (error) => port.onerror?.(error);
	return port;
}

/** A shared stop flag when SharedArrayBuffer is usable (cross-origin isolated), else undefined. */
function createStopFlag(): Int32Array | undefined {
	if (typeof SharedArrayBuffer === 'undefined' || globalThis.crossOriginIsolated === false) return undefined;
	return new Int32Array(new SharedArrayBuffer(4));
}

function describeEvent(error: unknown): string {
	if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
	return String(error);
}
