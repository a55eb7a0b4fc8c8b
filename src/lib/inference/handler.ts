/**
 * Routes protocol requests to an Engine and turns results into events. It holds all the worker's logic
 * so it can be tested without a Worker: the engine and the `post` function are passed in.
 */
import { findCatalogueModel, type ModelEntry } from '../models/catalogue';
import type { Engine } from './engine';
import { InferenceError, toErrorInfo } from './errors';
import { checkRun, checkTask, cleanCopySources, cleanTask, cleanText, taskForInput } from './input';
import type { RunStats, WorkerEvent, WorkerRequest } from './protocol';
import { chooseBackend, type RuntimeInfo } from './runtime';
import { TextCoalescer } from './textCoalescer';

export type Post = (event: WorkerEvent) => void;

export interface HandlerOptions {
	now?: () => number;
	/** Least time between two streamed text messages of a run (textCoalescer.ts); 0 sends every piece. */
	streamIntervalMs?: number;
}

/**
 * Twenty updates a second: text still flows, and the page renders a frame per message (about 6 ms of the main
 * thread plus the compositor's on this machine, bench/results/trace-turn-latest.md) on the two cores the worker
 * decodes on. At 16 ms the page's other threads kept the decoding worker off a core for a quarter of its time.
 */
const STREAM_INTERVAL_MS = 50;

export class InferenceHandler {
	readonly #engine: Engine;
	readonly #post: Post;
	/**
	 * The entry each model was last loaded with (the page sends it with the load, so the worker never reads the
	 * page's registry), and its version: an own model added again under the same id is reloaded, not reused.
	 */
	readonly #loadedEntries = new Map<string, { entry: ModelEntry; version: string }>();
	readonly #now: () => number;
	readonly #streamIntervalMs: number;
	#runtime: Promise<RuntimeInfo> | null = null;
	#activeRunId: string | null = null;

	constructor(engine: Engine, post: Post, options: HandlerOptions = {}) {
		this.#engine = engine;
		this.#post = post;
		this.#now = options.now ?? (() => performance.now());
		this.#streamIntervalMs = options.streamIntervalMs ?? STREAM_INTERVAL_MS;
	}

	/** Handles one request; always ends it with exactly one `done` or `error` event. */
	async handle(request: WorkerRequest): Promise<void> {
		try {
			await this.#route(request);
		} catch (err) {
			const code = request.type === 'run' || request.type === 'infer' ? 'run_failed' : 'load_failed';
			this.#post({ type: 'error', id: request.id, error: toErrorInfo(err, code) });
		}
	}

	#detect(): Promise<RuntimeInfo> {
		this.#runtime ??= this.#engine.detect();
		return this.#runtime;
	}

	async #route(request: WorkerRequest): Promise<void> {
		switch (request.type) {
			case 'detect': {
				const runtime = await this.#detect();
				this.#post({ type: 'runtime', id: request.id, runtime });
				this.#post({ type: 'done', id: request.id });
				return;
			}
			case 'load':
				return this.#load(request);
			case 'run':
				return this.#run(request);
			case 'infer':
				return this.#infer(request);
			case 'interrupt':
				if (this.#activeRunId === request.target) this.#engine.interrupt();
				this.#post({ type: 'done', id: request.id });
				return;
			case 'unload':
				await this.#engine.unload(request.modelId);
				this.#post({ type: 'done', id: request.id });
				return;
			case 'simulate': {
				if (!this.#engine.simulateFault) throw new InferenceError('unknown_request', 'This worker cannot simulate faults.');
				const what = await this.#engine.simulateFault(request.fault);
				this.#post({ type: 'notice', id: request.id, message: what });
				this.#post({ type: 'done', id: request.id });
				return;
			}
			default: {
				const unknown: { id?: unknown; type?: unknown } = request;
				throw new InferenceError('unknown_request', `Unknown request type "${String(unknown.type)}".`);
			}
		}
	}

	/** The entry a model was loaded with; catalogue models are known before (a run before load gets not_loaded). */
	#entry(modelId: string): ModelEntry {
		const entry = this.#loadedEntries.get(modelId)?.entry ?? findCatalogueModel(modelId);
		if (!entry) throw new InferenceError('model_not_found', `Model "${modelId}" is not loaded in this worker and not in the catalogue.`);
		return entry;
	}

	async #load(request: Extract<WorkerRequest, { type: 'load' }>): Promise<void> {
		const { id, entry } = request;
		if (!isEntry(entry)) throw new InferenceError('model_not_found', 'The load request carried no model entry.');
		const modelId = entry.id;
		const version = JSON.stringify([entry.addedAt ?? null, entry.task, entry.defaults, entry.files]);
		const previous = this.#loadedEntries.get(modelId);
		if (previous && previous.version !== version) await this.#engine.unload(modelId);
		this.#loadedEntries.set(modelId, { entry, version });
		const runtime = await this.#detect();
		this.#post({ type: 'runtime', id, runtime });
		const choice = chooseBackend(entry, runtime, request.preference);
		if (request.preference.device !== 'auto' && choice.device !== request.preference.device) {
			this.#post({
				type: 'notice',
				id,
				message: `${request.preference.device === 'webgpu' ? 'WebGPU' : 'WASM'} was requested, but: ${choice.reason}. Running on ${choice.device === 'webgpu' ? 'WebGPU' : 'WASM'}.`
			});
		}
		const model = await this.#engine.load(entry, choice, {
			onProgress: (progress) => this.#post({ type: 'progress', id, modelId, progress }),
			onPhase: (phase) => this.#post({ type: 'phase', id, modelId, phase }),
			onNotice: (message) => this.#post({ type: 'notice', id, message })
		});
		this.#post({ type: 'ready', id, model });
		this.#post({ type: 'done', id });
	}

	async #infer(request: Extract<WorkerRequest, { type: 'infer' }>): Promise<void> {
		const { id, modelId } = request;
		const entry = this.#entry(modelId);
		const problem = checkTask(request.input);
		if (problem) throw new InferenceError('bad_input', problem);
		const needed = taskForInput(request.input.kind);
		if (entry.task !== needed) {
			throw new InferenceError('bad_input', `${modelId} is a ${entry.task} model; a ${request.input.kind} task needs a ${needed} model.`);
		}
		if ((request.input.kind === 'loglik' || request.input.kind === 'generate') && this.#activeRunId !== null) {
			throw new InferenceError('busy', `A generation is running; run the ${request.input.kind} task after it ends.`);
		}
		const start = this.#now();
		const output = await this.#engine.infer(modelId, cleanTask(request.input), {
			onNotice: (message) => this.#post({ type: 'notice', id, message }),
			onReload: (model) => this.#post({ type: 'ready', id, model })
		});
		this.#post({ type: 'output', id, output, ms: this.#now() - start });
		this.#post({ type: 'done', id });
	}

	async #run(request: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
		const { id } = request;
		if (this.#activeRunId !== null) throw new InferenceError('busy', 'A generation is already running.');
		this.#entry(request.modelId);
		const problem = checkRun(request.messages, request.options);
		if (problem) throw new InferenceError('bad_input', problem);
		const messages = request.messages.map((m) => ({ ...m, content: cleanText(m.content) }));

		const { stopFlag } = request;
		this.#activeRunId = id;
		const start = this.#now();
		let tokens = 0;
		let firstAt: number | null = null;
		let lastAt = start;
		const stream = new TextCoalescer((text, n) => this.#post({ type: 'token', id, text, tokens: n }), this.#now, this.#streamIntervalMs);
		try {
			const options = { ...request.options, ...cleanCopySources(request.options.copyFrom) };
			const input = { modelId: request.modelId, messages, options };
			const result = await this.#engine.generate(input, {
				onToken: () => {
					tokens += 1;
					lastAt = this.#now();
					firstAt ??= lastAt;
				},
				onText: (text) => stream.push(text, tokens),
				isStopRequested: () => (stopFlag ? Atomics.load(stopFlag, 0) === 1 : false),
				onNotice: (message) => this.#post({ type: 'notice', id, message }),
				onReload: (model) => this.#post({ type: 'ready', id, model })
			});
			const stats: RunStats = {
				tokens,
				ttftMs: (firstAt ?? lastAt) - start,
				tokensPerSecond: decodeRate(tokens, firstAt, lastAt),
				totalMs: this.#now() - start,
				isInterrupted: result.isInterrupted,
				text: result.text,
				...(result.truncation ? { truncation: result.truncation } : {}),
				...(result.timings ? { timings: result.timings } : {})
			};
			stream.flush();
			this.#post({ type: 'done', id, stats });
		} finally {
			stream.flush(); // what streamed before an error still reaches the page
			this.#activeRunId = null;
		}
	}
}

/** Tokens per second over the decode phase (after the first token, which includes the prefill). */
export function decodeRate(tokens: number, firstAt: number | null, lastAt: number): number {
	if (firstAt === null || tokens < 2 || lastAt <= firstAt) return 0;
	return ((tokens - 1) * 1000) / (lastAt - firstAt);
}

function isEntry(value: unknown): value is ModelEntry {
	const e = value as Partial<ModelEntry> | null | undefined;
	return (
		typeof e === 'object' &&
		e !== null &&
		typeof e.id === 'string' &&
		typeof e.task === 'string' &&
		Array.isArray(e.files) &&
		typeof e.defaults === 'object'
	);
}
