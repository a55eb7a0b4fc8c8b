/**
 * State of the Eval view: which sets and models, the job plan (set x model, plus baselines), progress with
 * items/s and ETA, cancel and resume, and the finished runs. The headless runner (`npm run eval`) calls
 * `runConfig` through `window.__bedsideEval`, so the page computes the same thing whether clicked or driven.
 */
import type { InferClient, ModelLoader } from '../../inference/capabilities';
import type { BackendPreference, LoadedModel } from '../../inference/protocol';
import { fetchIndex, fetchSplit, userSet, type SetInfo } from '../../eval/data';
import type { EvalRun } from '../../eval/export';
import { baselineRuns, MODEL_ROLES, runJob, runnerFor, sampleItems, toEvalRun, type ModelRole } from '../../eval/runners';
import { planJobs, type EvalConfig, type Job } from './evalPlan';
import { LIBRARY_SET_ID, llmLibraryRunner, type LibraryAnswerer } from '../../eval/runners/library';
import type { EvalItem, ParseError } from '../../eval/schema';
import { catalogue, type ModelEntry } from '../../models/catalogue';
import { fetchWithUserModels } from '../../models/own/fileRouting';
import { findModel, listModels } from '../../models/own/registry.svelte';

export type { EvalConfig, Job, JobState } from './evalPlan';

export type SessionStatus = 'idle' | 'running' | 'cancelled' | 'done' | 'error';

const hasRunner = (entry: ModelEntry) => (MODEL_ROLES as readonly string[]).includes(entry.role);

/** Models with a runner for at least one task. */
export const EVAL_MODELS: ModelEntry[] = catalogue.filter(hasRunner);

/** EVAL_MODELS plus the user's own models of those roles (added in the Models tab); reactive. */
export function evalModels(): ModelEntry[] {
	return listModels().filter(hasRunner);
}

/** The library set: MedQuAD's dev questions, answered by an LLM from the offline library (runners/library.ts). */
function librarySetOf(medquad: SetInfo): SetInfo {
	return {
		...medquad,
		id: LIBRARY_SET_ID,
		source: `${medquad.source ?? 'MedQuAD'}; answered from the offline library (npm run library), passages of MedQuAD's train answers`,
		splits: { dev: medquad.splits.dev }
	};
}

/** A model file as JSON, from the app's own model folder (the same files the worker loads). */
async function fetchModelFile(modelId: string, file: string): Promise<unknown> {
	const response = await fetchWithUserModels()(`${import.meta.env.BASE_URL ?? '/'}models/${modelId}/${file}`);
	if (!response.ok) throw new Error(`${modelId}/${file}: HTTP ${response.status}`);
	return response.json();
}

export class EvalSession {
	sets = $state<SetInfo[]>([]);
	indexError = $state<string | null>(null);
	fileErrors = $state<ParseError[]>([]);
	selectedSets = $state<string[]>([]);
	selectedModels = $state<string[]>(EVAL_MODELS.filter((entry) => entry.bundled && entry.files.length > 0).map((entry) => entry.id));
	n = $state(20);
	seed = $state(1);
	status = $state<SessionStatus>('idle');
	error = $state<string | null>(null);
	jobs = $state<Job[]>([]);
	runs = $state<EvalRun[]>([]);
	/** Items per second and seconds left for the running job. */
	speed = $state<{ itemsPerSecond: number; etaSeconds: number } | null>(null);
	loaded = $state<Record<string, LoadedModel>>({});

	readonly #client: InferClient & ModelLoader;
	readonly #preference: BackendPreference;
	readonly #items = new Map<string, EvalItem[]>();
	readonly #train = new Map<string, Promise<EvalItem[]>>();
	#controller: AbortController | null = null;
	#config: EvalConfig | null = null;
	readonly #createLibrary: (() => LibraryAnswerer) | null;
	#library: LibraryAnswerer | null = null;

	/** `createLibrary` (the chat's LibraryChat) offers the library set; it is called when that set is first planned (its workers start on first search). */
	constructor(
		client: InferClient & ModelLoader,
		preference: BackendPreference = { device: 'wasm', threads: 0 },
		createLibrary?: () => LibraryAnswerer
	) {
		this.#client = client;
		this.#preference = preference;
		this.#createLibrary = createLibrary ?? null;
	}

	/** The runner for a set and a model: by the set's task and the model's role and prompt set; the library set's own. */
	#runnerFor(set: SetInfo, entry: ModelEntry | undefined) {
		if (!entry) return null;
		if (set.id === LIBRARY_SET_ID && !set.isUser) {
			if (entry.role !== 'llm' || !this.#createLibrary) return null;
			this.#library ??= this.#createLibrary();
			return llmLibraryRunner(this.#library);
		}
		return runnerFor(set.task, entry.role as ModelRole, entry.promptSet);
	}

	async init(): Promise<void> {
		try {
			const index = await fetchIndex();
			const medquad = this.#createLibrary ? index.sets.find((set) => set.id === 'medquad') : undefined;
			const library = medquad ? [librarySetOf(medquad)] : [];
			this.sets = [...index.sets, ...library, ...this.sets.filter((set) => set.isUser)];
			if (this.selectedSets.length === 0) this.selectedSets = index.sets.slice(0, 1).map((set) => set.id);
		} catch (err) {
			this.indexError = err instanceof Error ? err.message : String(err);
		}
	}

	/** Adds a JSONL file from disk as a set; malformed lines are listed, the rest loads. */
	addFile(name: string, text: string): SetInfo | null {
		const { set, items, errors } = userSet(name, text);
		this.fileErrors = errors;
		if (!set) return null;
		this.#items.set(set.id, items);
		this.sets = [...this.sets.filter((s) => s.id !== set.id), set];
		if (!this.selectedSets.includes(set.id)) this.selectedSets = [...this.selectedSets, set.id];
		return set;
	}

	setInfo(id: string): SetInfo | undefined {
		return this.sets.find((set) => set.id === id);
	}

	async items(setId: string): Promise<EvalItem[]> {
		const cached = this.#items.get(setId);
		if (cached) return cached;
		const set = this.setInfo(setId);
		if (!set) throw new Error(`unknown set ${setId}`);
		const { items } = await fetchSplit(set, 'dev');
		this.#items.set(setId, items);
		return items;
	}

	/** The items a run of this set uses (sample of the configured size and seed). */
	itemsById(setId: string): Map<string, EvalItem> {
		return new Map((this.#items.get(setId) ?? []).map((item) => [item.id, item]));
	}

	#loadTrain(set: SetInfo): (() => Promise<EvalItem[]>) | undefined {
		if (!set.splits.train) return undefined;
		return () => {
			let pending = this.#train.get(set.id);
			if (!pending) {
				pending = fetchSplit(set, 'train').then((result) => result.items);
				this.#train.set(set.id, pending);
			}
			return pending;
		};
	}

	/** Set x model jobs for the config; pairs without a runner are listed as skipped. Baselines first per set. */
	plan(config: EvalConfig): Job[] {
		return planJobs(
			config,
			(id) => this.setInfo(id),
			(set, entry) => this.#runnerFor(set, entry)
		);
	}

	get isRunning(): boolean {
		return this.status === 'running';
	}

	get canResume(): boolean {
		return this.status === 'cancelled' && this.jobs.some((job) => job.state === 'pending' || job.state === 'running');
	}

	/** Starts a fresh evaluation of the selected sets and models. */
	async start(
		config: EvalConfig = { sets: [...this.selectedSets], models: [...this.selectedModels], n: this.n, seed: this.seed }
	): Promise<EvalRun[]> {
		if (this.isRunning) return this.runs;
		this.#config = { ...config, sets: [...config.sets], models: [...config.models] };
		this.jobs = this.plan(this.#config);
		this.runs = [];
		return this.#execute();
	}

	/** Continues a cancelled evaluation: finished items are kept, the rest run. */
	async resume(): Promise<EvalRun[]> {
		if (!this.canResume) return this.runs;
		return this.#execute();
	}

	cancel(): void {
		this.#controller?.abort();
	}

	/** The headless entry: run a config to the end; the runs, and the jobs that failed or were skipped. */
	async runConfig(config: EvalConfig): Promise<{ runs: EvalRun[]; problems: string[] }> {
		if (this.sets.length === 0) await this.init();
		this.selectedSets = [...config.sets];
		this.selectedModels = [...config.models];
		this.n = config.n;
		this.seed = config.seed;
		const runs = await this.start(config);
		if (this.status !== 'done') throw new Error(this.error ?? `evaluation ${this.status}`);
		const problems = this.jobs
			.filter((job) => job.state === 'error' || job.state === 'skipped')
			.map((job) => `${job.setId} x ${job.modelId}: ${job.state}: ${job.error ?? ''}`);
		return { runs: $state.snapshot(runs) as EvalRun[], problems };
	}

	async #execute(): Promise<EvalRun[]> {
		const config = this.#config;
		if (!config) return this.runs;
		const controller = new AbortController();
		this.#controller = controller;
		this.status = 'running';
		this.error = null;
		try {
			for (const job of this.jobs) {
				if (job.state === 'done' || job.state === 'skipped' || job.state === 'error') continue;
				if (controller.signal.aborted) break;
				await this.#runOne(job, config, controller.signal);
			}
			this.status = controller.signal.aborted ? 'cancelled' : 'done';
		} catch (err) {
			this.error = err instanceof Error ? err.message : String(err);
			this.status = 'error';
		} finally {
			this.speed = null;
			this.#controller = null;
		}
		return this.runs;
	}

	async #runOne(job: Job, config: EvalConfig, signal: AbortSignal): Promise<void> {
		const set = this.setInfo(job.setId)!;
		const setItems = await this.items(job.setId);
		const items = sampleItems(setItems, config.n, config.seed);
		job.total = items.length;
		if (job.modelId === null) {
			this.runs = [...this.runs, ...baselineRuns(set.id, items, config.seed, setItems)];
			job.done = items.length;
			job.state = 'done';
			return;
		}
		const modelId = job.modelId;
		job.state = 'running';
		try {
			const loaded = this.loaded[modelId] ?? (await this.#client.load(modelId, this.#preference));
			this.loaded = { ...this.loaded, [modelId]: loaded };
			const entry = findModel(modelId)!;
			const factory = this.#runnerFor(set, entry)!;
			job.runner ??= factory.create({
				client: this.#client,
				modelId,
				setId: set.id,
				seed: config.seed,
				setItems,
				loadTrain: this.#loadTrain(set),
				signal,
				loadModelFile: (file) => fetchModelFile(modelId, file)
			});
			const complete = await runJob(job.runner, items, job.progress, {
				signal,
				onProgress: (done, total) => {
					job.done = done;
					job.total = total;
					const seconds = job.progress.predictMs / 1000;
					const perSecond = seconds > 0 ? job.progress.outcomes.size / seconds : 0;
					this.speed = { itemsPerSecond: perSecond, etaSeconds: perSecond > 0 ? (total - done) / perSecond : Number.NaN };
				}
			});
			if (!complete) {
				job.state = 'pending';
				return;
			}
			const backend = `${loaded.device}${loaded.device === 'wasm' ? ` ${loaded.threads}t` : ''} ${loaded.dtype}`;
			this.runs = [
				...this.runs,
				toEvalRun({ set: set.id, model: modelId, backend, seed: config.seed, method: factory.method, setItems }, items, job.progress)
			];
			job.state = 'done';
		} catch (err) {
			if (signal.aborted) {
				job.state = 'pending';
				return;
			}
			job.state = 'error';
			job.error = err instanceof Error ? err.message : String(err);
		}
	}
}
