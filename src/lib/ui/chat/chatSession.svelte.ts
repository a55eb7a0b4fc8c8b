/**
 * State of the chat view: the model's lifecycle (an explicit state machine), per-file load progress,
 * the turns and their streamed answers. It talks only to an InferenceClient, so unit tests drive it
 * with a FakeEngine behind a loopback port.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { InferenceClient } from '../../inference/client';
import { InferenceError, type ErrorInfo } from '../../inference/errors';
import type { BackendPreference, ChatMessage, GenerationOptions, LoadedModel, ProgressInfo, RunStats } from '../../inference/protocol';
import type { RuntimeInfo } from '../../inference/runtime';
import { recordSpeed } from '../../models/modelStats';

export type ModelStatus = 'idle' | 'loading' | 'warming' | 'ready' | 'running' | 'error';

const TRANSITIONS: Record<ModelStatus, readonly ModelStatus[]> = {
	idle: ['loading'],
	loading: ['warming', 'ready', 'error'],
	warming: ['ready', 'error'],
	ready: ['running', 'loading', 'error'],
	running: ['ready', 'error'],
	error: ['loading', 'ready']
};

export interface FileProgress {
	file: string;
	loaded: number;
	total: number;
	isDone: boolean;
}

export interface SessionView {
	status: ModelStatus;
	modelId: string | null;
	loaded: LoadedModel | null;
	runtime: RuntimeInfo | null;
	error: ErrorInfo | null;
	notices: string[];
	turns: Turn[];
}

export interface Turn {
	id: number;
	prompt: string;
	answer: string;
	stats: RunStats | null;
	isStreaming: boolean;
	error: ErrorInfo | null;
}

/** The messages for a new prompt: each earlier turn that has an answer, as user and assistant, then the prompt. */
export function conversation(turns: readonly Turn[], prompt: string): ChatMessage[] {
	const earlier = turns
		.filter((t) => t.answer.trim() !== '' && t.error?.code !== 'worker_crashed')
		.flatMap((t): ChatMessage[] => [
			{ role: 'user', content: t.prompt },
			{ role: 'assistant', content: t.answer }
		]);
	return [...earlier, { role: 'user', content: prompt }];
}

function asInfo(err: unknown): ErrorInfo {
	if (err instanceof InferenceError) return err.toInfo();
	return { code: 'run_failed', message: String(err) };
}

export class ChatSession {
	readonly #client: InferenceClient;
	/** Everything the view reads, in one reactive object; only this class's methods change it. */
	readonly #view = $state<SessionView>({
		status: 'idle',
		modelId: null,
		loaded: null,
		runtime: null,
		error: null,
		notices: [],
		turns: []
	});
	#runId: string | null = null;
	#nextTurn = 1;
	/** Set by stop() while a load is in flight, so the load's rejection reads as a stop, not a crash. */
	#isLoadStopped = false;
	readonly files = new SvelteMap<string, FileProgress>();

	constructor(client: InferenceClient) {
		this.#client = client;
		client.onWorkerCrash((error, isRestarted) => this.#onCrash(error.toInfo(), isRestarted));
	}

	/**
	 * A crashed (or killed) worker took the loaded model with it: say so, even when nothing was running, and
	 * ask for a new load. The prompt box is the view's and is untouched; a running turn keeps its prompt.
	 */
	#onCrash(error: ErrorInfo, isRestarted: boolean): void {
		if (this.#isLoadStopped) return;
		const notice = isRestarted
			? 'The inference worker crashed and was restarted. Load the model again; your prompt is kept.'
			: 'The inference worker keeps crashing. Reload the page.';
		this.#view.notices = [...this.#view.notices, notice];
		if (this.#view.status !== 'idle') {
			this.#view.loaded = null;
			this.#view.error = error;
			this.#view.status = 'error';
		}
	}

	get status(): ModelStatus {
		return this.#view.status;
	}
	/** Read-only view of the rest: model id, loaded model, runtime, error, notices, turns. */
	get view(): Readonly<SessionView> {
		return this.#view;
	}
	get isBusy() {
		return this.#view.status === 'loading' || this.#view.status === 'warming' || this.#view.status === 'running';
	}

	#to(next: ModelStatus): void {
		if (!TRANSITIONS[this.#view.status].includes(next)) {
			throw new Error(`Model state cannot go from ${this.#view.status} to ${next}.`);
		}
		this.#view.status = next;
	}

	/** One row per file: added on initiate, updated on progress, marked on done (smollm-webgpu's pattern). */
	#onProgress(progress: ProgressInfo): void {
		if (progress.status !== 'initiate' && progress.status !== 'progress' && progress.status !== 'done') return;
		const prev = this.files.get(progress.file) ?? { file: progress.file, loaded: 0, total: 0, isDone: false };
		const next =
			progress.status === 'progress'
				? { ...prev, loaded: progress.loaded, total: progress.total }
				: progress.status === 'done'
					? { ...prev, loaded: prev.total, isDone: true }
					: prev;
		this.files.set(progress.file, next);
	}

	/**
	 * Loads a model. The WASM thread count and the ONNX Runtime build are fixed when a worker starts,
	 * so a changed backend preference restarts the worker first.
	 */
	async load(modelId: string, preference: BackendPreference): Promise<void> {
		if (this.isBusy) return;
		this.#to('loading');
		this.#view.modelId = modelId;
		this.#view.loaded = null;
		this.#view.error = null;
		this.#view.notices = [];
		this.files.clear();
		try {
			this.#view.loaded = await this.#client.load(modelId, preference, {
				onProgress: (p) => this.#onProgress(p),
				onPhase: (phase) => {
					if (phase === 'warming' && this.#view.status === 'loading') this.#to('warming');
				},
				onNotice: (message) => (this.#view.notices = [...this.#view.notices, message]),
				onRuntime: (runtime) => (this.#view.runtime = runtime)
			});
			this.#to('ready');
		} catch (err) {
			this.#view.error = this.#isLoadStopped
				? { code: 'cancelled', message: 'Loading was stopped. Load the model again when you are ready.' }
				: asInfo(err);
			this.#view.status = 'error';
		} finally {
			this.#isLoadStopped = false;
		}
	}

	/**
	 * Sends a prompt; the answer streams into a new turn. The prompt is kept even when the run fails.
	 * `messages` replaces the plain user message (the library mode puts passages in the prompt); `onTurn`
	 * gets the new turn's id before anything streams.
	 */
	async send(prompt: string, options: GenerationOptions, messages?: ChatMessage[], onTurn?: (turnId: number) => void): Promise<void> {
		const modelId = this.#view.modelId;
		if (this.#view.status !== 'ready' || modelId === null) return;
		this.#to('running');
		const turn: Turn = { id: this.#nextTurn++, prompt, answer: '', stats: null, isStreaming: true, error: null };
		this.#view.turns = [...this.#view.turns, turn];
		// Work on the proxied copy so streamed text updates the view.
		const live = this.#view.turns[this.#view.turns.length - 1] as Turn;
		onTurn?.(turn.id);
		// The model sees the conversation: earlier finished turns, then this prompt. When it is longer than the
		// model's context, the worker leaves out the earliest turns and the run says so (contextFit.ts). `messages`
		// (the library's passages and question) replaces it: a library answer reads its passages, not the history.
		const run = this.#client.run(
			modelId,
			messages ?? conversation(this.#view.turns.slice(0, -1), prompt),
			options,
			(text) => {
				live.answer += text;
			},
			{
				// E.g. the WebGPU device was lost and the model moved to WASM during this run.
				onNotice: (message) => (this.#view.notices = [...this.#view.notices, message]),
				onReload: (model) => (this.#view.loaded = model)
			}
		);
		this.#runId = run.id;
		try {
			live.stats = await run.stats;
			recordSpeed(modelId, { value: live.stats.tokensPerSecond, unit: 'tokens/s' });
			this.#to('ready');
		} catch (err) {
			live.error = asInfo(err);
			if (live.error.code === 'worker_crashed') {
				this.#view.error = live.error;
				this.#view.status = 'error';
			} else {
				this.#to('ready');
			}
		} finally {
			live.isStreaming = false;
			this.#runId = null;
		}
	}

	/**
	 * Asks the worker to stop. A run is marked stopped only when the worker's final event arrives. A load
	 * cannot be interrupted inside ONNX Runtime, so the worker is restarted: the load ends with a "stopped"
	 * message and the next load starts on a fresh worker.
	 */
	async stop(): Promise<void> {
		if (this.#runId !== null) {
			await this.#client.interrupt(this.#runId);
		} else if (this.#view.status === 'loading' || this.#view.status === 'warming') {
			this.#isLoadStopped = true;
			this.#client.restart();
		}
	}

	clear(): void {
		if (this.#view.status !== 'running') this.#view.turns = [];
	}

	/** Puts back turns saved before a reload (chatDraft.ts); only before the first turn of this page. */
	restore(turns: readonly Turn[]): void {
		if (this.#view.turns.length > 0 || this.#view.status === 'running') return;
		this.#view.turns = turns.map((t) => ({ ...t }));
		this.#nextTurn = Math.max(0, ...turns.map((t) => t.id)) + 1;
	}
}
