/**
 * State of the compare view: one note and question, the LLM on one worker and the lightweight models
 * (NER, embeddings) on another, so their results never wait for the LLM's stream. When both sides are
 * done, the answer (the LLM's, or a library fixture answer) is grounded against the note.
 * It talks only to two InferenceClients, so unit tests drive it with FakeEngines behind loopback ports.
 */
import type { EntitySpan } from '../../clinical/entities';
import { GROUNDING_THRESHOLDS, type GroundingFlag } from '../../clinical/grounding';
import { createCompareResult, type CompareInputs, type CompareResult, type ModelRun } from '../../clinical/result';
import type { LabelScore, RankedSentence, RetrievedAnswer } from '../../clinical/retrieval';
import type { Sentence } from '../../clinical/sentences';
import type { InferenceClient } from '../../inference/client';
import { InferenceError, type ErrorInfo } from '../../inference/errors';
import { checkRun } from '../../inference/input';
import {
	MAX_PROMPT_CHARS,
	type BackendPreference,
	type GenerationOptions,
	type LoadedModel,
	type RunStats
} from '../../inference/protocol';
import { DEFAULT_MODEL_IDS, downloadBytes } from '../../models/catalogue';
import { getModel } from '../../models/own/registry.svelte';
import { analyseWithEmbeddings, extractEntities, groundWithModels, llmPrompt, type Infer } from './analysis';
import { watchMemory, type MemoryReading } from './memory';
import {
	emptySpecialist,
	hallmarksOf,
	installedModelFor,
	interactionsOf,
	isInstalledHere,
	runSpecialist,
	specialistRuns,
	type HallmarksResult,
	type InteractionsResult,
	type IsInstalled,
	type SpecialistView
} from './specialists';

export type Phase = 'idle' | 'loading' | 'running' | 'done' | 'error';

export interface CompareModelIds {
	llm: string;
	ner: string;
	embed: string;
}

export const DEFAULT_COMPARE_MODELS: Readonly<CompareModelIds> = Object.freeze({ ...DEFAULT_MODEL_IDS });

/** Small encoders usually run faster on WASM than on WebGPU (no upload and dispatch overhead): the default. */
export const DEFAULT_LIGHT_BACKEND: Readonly<BackendPreference> = Object.freeze({ device: 'wasm', threads: 1 });

export interface LightView {
	phase: Phase;
	/** The note the results below refer to (the text box may have changed since). */
	note: string;
	ner: { entities: EntitySpan[]; ms: number; sentences: number; unaligned: string[] } | null;
	qa: Omit<RetrievedAnswer, 'ranked'> | null;
	closest: RankedSentence[];
	labels: LabelScore[];
	labelsUsed: boolean;
	embedMs: number | null;
	/** How many texts the embedding batch held. */
	embedTexts: number;
	loaded: Record<string, LoadedModel>;
	error: ErrorInfo | null;
	memory: MemoryReading | null;
	/** Hallmarks of each note sentence and interaction types of drug pairs, when those models are installed. */
	hallmarks: SpecialistView<HallmarksResult>;
	interactions: SpecialistView<InteractionsResult>;
}

export interface LlmView {
	phase: Phase;
	loaded: LoadedModel | null;
	answer: string;
	source: 'model' | 'fixture' | null;
	isStreaming: boolean;
	tokens: number;
	stats: RunStats | null;
	error: ErrorInfo | null;
	notices: string[];
	memory: MemoryReading | null;
}

export interface GroundingView {
	phase: Phase;
	flags: GroundingFlag[];
	ms: number | null;
	error: ErrorInfo | null;
}

export interface CompareView {
	inputs: CompareInputs | null;
	ids: CompareModelIds;
	light: LightView;
	llm: LlmView;
	grounding: GroundingView;
}

export interface RunRequest {
	inputs: CompareInputs;
	ids: CompareModelIds;
	llmBackend: BackendPreference;
	lightBackend: BackendPreference;
	generation: GenerationOptions;
	/** Ground this fixed answer instead of running the LLM. */
	fixtureAnswer?: string;
	/** Run only the lightweight models (quick analysis; the bench uses it to time them alone). */
	skipLlm?: boolean;
}

function crashNotice(side: string, isRestarted: boolean): string {
	return isRestarted
		? `The ${side} worker crashed and was restarted; the next run loads its models again. Your note is kept.`
		: `The ${side} worker keeps crashing. Reload the page.`;
}

function asInfo(err: unknown): ErrorInfo {
	if (err instanceof InferenceError) return err.toInfo();
	return { code: 'run_failed', message: err instanceof Error ? err.message : String(err) };
}

function emptyLight(): LightView {
	return {
		phase: 'idle',
		note: '',
		ner: null,
		qa: null,
		closest: [],
		labels: [],
		labelsUsed: false,
		embedMs: null,
		embedTexts: 0,
		loaded: {},
		error: null,
		memory: null,
		hallmarks: emptySpecialist(),
		interactions: emptySpecialist()
	};
}

function emptyLlm(): LlmView {
	return {
		phase: 'idle',
		loaded: null,
		answer: '',
		source: null,
		isStreaming: false,
		tokens: 0,
		stats: null,
		error: null,
		notices: [],
		memory: null
	};
}

function emptyGrounding(): GroundingView {
	return { phase: 'idle', flags: [], ms: null, error: null };
}

/** What grounding needs from the lightweight side, kept out of the reactive view (vectors are large). */
interface NoteAnalysis {
	key: string;
	text: string;
	sentences: Sentence[];
	vectors: number[][];
	entities: EntitySpan[];
}

/** The longest note the lightweight side takes: about 50 pages; every sentence of it reaches the models (chunks.ts). */
export const MAX_LIGHT_NOTE_CHARS = 200_000;

/** "about 3 pages" for a character count (a printed page of notes holds about 3,000 characters). */
function pages(chars: number): string {
	const n = chars / 3000;
	return n < 1 ? 'less than a page' : `about ${Math.round(n)} page${Math.round(n) === 1 ? '' : 's'}`;
}

export class CompareSession {
	readonly #llmClient: InferenceClient;
	readonly #lightClient: InferenceClient;
	readonly #watchMemory: (report: (reading: MemoryReading | null) => void) => void;
	readonly #isInstalled: IsInstalled;
	readonly #view = $state<CompareView>({
		inputs: null,
		ids: { ...DEFAULT_COMPARE_MODELS },
		light: emptyLight(),
		llm: emptyLlm(),
		grounding: emptyGrounding()
	});
	/** Bumped by every run: results of an older run are dropped. */
	#runNumber = 0;
	#runId: string | null = null;
	#note: Promise<NoteAnalysis | null> | null = null;
	#noteKey = '';

	constructor(
		llmClient: InferenceClient,
		lightClient: InferenceClient,
		options: { watchMemory?: (report: (reading: MemoryReading | null) => void) => void; isInstalled?: IsInstalled } = {}
	) {
		this.#isInstalled = options.isInstalled ?? isInstalledHere;
		this.#llmClient = llmClient;
		this.#lightClient = lightClient;
		this.#watchMemory = options.watchMemory ?? ((report) => watchMemory(report));
		// A worker that crashes between runs took its models with it; the client restarts it and the next run
		// loads them again. Say so now, since nothing is running to report it.
		llmClient.onWorkerCrash((_error, isRestarted) => {
			this.#view.llm.loaded = null;
			this.#view.llm.notices = [...this.#view.llm.notices, crashNotice('LLM', isRestarted)];
		});
		lightClient.onWorkerCrash((_error, isRestarted) => {
			this.#view.light.loaded = {};
			this.#view.llm.notices = [...this.#view.llm.notices, crashNotice('lightweight models’', isRestarted)];
		});
	}

	get view(): Readonly<CompareView> {
		return this.#view;
	}

	get isRunning(): boolean {
		const { light, llm, grounding } = this.#view;
		const busy = (p: Phase) => p === 'loading' || p === 'running';
		return busy(light.phase) || busy(llm.phase) || busy(grounding.phase);
	}

	/** Returns a message when the inputs cannot run, else null. */
	/** What stops a run, in words a clinician reads; the LLM's limit applies only when the LLM runs. */
	static check(inputs: CompareInputs, generation: GenerationOptions, withLlm = true): string | null {
		if (inputs.note.trim() === '') return 'Paste or type a clinical note first, or pick an example.';
		if (inputs.note.length > MAX_LIGHT_NOTE_CHARS) {
			return `This note is ${pages(inputs.note.length)} long (${inputs.note.length} characters); the lightweight models read up to ${pages(MAX_LIGHT_NOTE_CHARS)}. Compare a part of it.`;
		}
		if (!withLlm) return null;
		const prompt = llmPrompt(inputs.note, inputs.question);
		if (prompt.length > MAX_PROMPT_CHARS) {
			return `The LLM reads at most ${pages(MAX_PROMPT_CHARS)} of note and question (${MAX_PROMPT_CHARS} characters); these are ${pages(prompt.length)}. Shorten the note, or untick "Run the LLM": the lightweight models read the whole note.`;
		}
		return checkRun([{ role: 'user', content: prompt }], generation);
	}

	/**
	 * Runs both sides in parallel, then grounds the answer. With `fixtureAnswer`, the LLM is not run and
	 * the fixed answer is grounded instead. Inputs are copied: editing the form later changes nothing here.
	 */
	async run(request: RunRequest): Promise<void> {
		const problem = CompareSession.check(request.inputs, request.generation, !request.skipLlm && request.fixtureAnswer === undefined);
		if (problem) throw new InferenceError('bad_input', problem);
		await this.stop();
		const runNumber = ++this.#runNumber;
		const inputs: CompareInputs = structuredClone($state.snapshot(request.inputs));
		this.#view.inputs = inputs;
		this.#view.ids = { ...request.ids };
		this.#view.grounding = emptyGrounding();
		const key = JSON.stringify([inputs.note, inputs.question, inputs.labels, request.ids.ner, request.ids.embed, request.lightBackend]);
		if (key !== this.#noteKey || this.#view.light.phase === 'error') {
			this.#noteKey = key;
			this.#note = this.#runLight(inputs, request.ids, request.lightBackend);
		}
		const answer =
			request.fixtureAnswer !== undefined
				? Promise.resolve(this.#useFixture(request.fixtureAnswer))
				: request.skipLlm
					? Promise.resolve(this.#skipLlm())
					: this.#runLlm(runNumber, inputs, request.ids.llm, request.llmBackend, request.generation);
		const [note, text] = await Promise.all([this.#note, answer]);
		if (runNumber !== this.#runNumber) return;
		if (note && text !== null && text.trim() !== '') await this.#ground(runNumber, note, request.ids, text);
	}

	/** Asks the LLM to stop; its partial answer is kept and grounded. */
	async stop(): Promise<void> {
		if (this.#runId !== null) await this.#llmClient.interrupt(this.#runId).catch(() => {});
	}

	#skipLlm(): null {
		this.#view.llm = emptyLlm();
		return null;
	}

	#useFixture(answer: string): string {
		this.#view.llm = { ...emptyLlm(), phase: 'done', answer, source: 'fixture' };
		return answer;
	}

	async #runLight(inputs: CompareInputs, ids: CompareModelIds, backend: BackendPreference): Promise<NoteAnalysis | null> {
		const light = emptyLight();
		light.phase = 'loading';
		light.note = inputs.note;
		light.labelsUsed = inputs.labels.length > 0;
		this.#view.light = light;
		const live = this.#view.light;
		try {
			// One worker, so these run one after the other; both are small.
			for (const id of [ids.ner, ids.embed]) {
				const loaded = await this.#lightClient.load(id, backend);
				live.loaded = { ...live.loaded, [id]: loaded };
			}
			live.phase = 'running';
			const infer: Infer = (modelId, input) => this.#lightClient.infer(modelId, input);
			// NER first: entities usually show before the embeddings are done.
			const ner = await extractEntities(infer, ids.ner, inputs.note);
			live.ner = ner;
			const analysis = await analyseWithEmbeddings(infer, ids.embed, inputs);
			const { ranked: _ranked, ...qa } = analysis.qa ?? { ranked: null };
			live.qa = analysis.qa ? (qa as Omit<RetrievedAnswer, 'ranked'>) : null;
			live.closest = analysis.closest;
			live.labels = analysis.labels;
			live.embedMs = analysis.ms;
			live.embedTexts = analysis.texts;
			const load = (id: string) => this.#lightClient.load(id, backend);
			const sentences = analysis.noteSentences;
			await runSpecialist(live.hallmarks, await installedModelFor('hallmarks', this.#isInstalled), load, (id) =>
				hallmarksOf(infer, id, sentences)
			);
			await runSpecialist(live.interactions, await installedModelFor('relation', this.#isInstalled), load, (id) =>
				interactionsOf(infer, id, sentences, ner.entities)
			);
			live.phase = 'done';
			this.#watchMemory((m) => (live.memory = m));
			return {
				key: this.#noteKey,
				text: inputs.note,
				sentences: analysis.noteSentences,
				vectors: analysis.noteVectors,
				entities: ner.entities
			};
		} catch (err) {
			live.error = asInfo(err);
			live.phase = 'error';
			return null;
		}
	}

	async #runLlm(
		runNumber: number,
		inputs: CompareInputs,
		modelId: string,
		backend: BackendPreference,
		generation: GenerationOptions
	): Promise<string | null> {
		this.#view.llm = { ...emptyLlm(), phase: 'loading', source: 'model' };
		const live = this.#view.llm;
		try {
			live.loaded = await this.#llmClient.load(modelId, backend, {
				onNotice: (message) => (live.notices = [...live.notices, message])
			});
			if (runNumber !== this.#runNumber) return null;
			live.phase = 'running';
			live.isStreaming = true;
			const run = this.#llmClient.run(
				modelId,
				[{ role: 'user', content: llmPrompt(inputs.note, inputs.question) }],
				generation,
				(text, tokens) => {
					live.answer += text;
					live.tokens = tokens;
				}
			);
			this.#runId = run.id;
			live.stats = await run.stats;
			live.phase = 'done';
			this.#watchMemory((m) => (live.memory = m));
			return live.answer;
		} catch (err) {
			live.error = asInfo(err);
			live.phase = 'error';
			return null;
		} finally {
			live.isStreaming = false;
			this.#runId = null;
		}
	}

	async #ground(runNumber: number, note: NoteAnalysis, ids: CompareModelIds, answer: string): Promise<void> {
		this.#view.grounding = { ...emptyGrounding(), phase: 'running' };
		const live = this.#view.grounding;
		try {
			const infer: Infer = (modelId, input) => this.#lightClient.infer(modelId, input);
			const start = performance.now();
			const run = await groundWithModels(infer, ids, note, answer);
			if (runNumber !== this.#runNumber) return;
			live.flags = run.flags;
			live.ms = performance.now() - start;
			live.phase = 'done';
		} catch (err) {
			live.error = asInfo(err);
			live.phase = 'error';
		}
	}

	/** The whole comparison as one typed object (see clinical/result.ts), for copy and download. */
	result(now: Date = new Date()): CompareResult | null {
		const { inputs, ids, light, llm, grounding } = $state.snapshot(this.#view) as CompareView;
		if (!inputs) return null;
		const result = createCompareResult(inputs, now);
		const base = (modelId: string, task: ModelRun['task'], loaded: LoadedModel | null, memory: MemoryReading | null): ModelRun => {
			const entry = getModel(modelId);
			return {
				modelId,
				kind: entry.source.kind === 'bundled' ? 'bedside-own' : 'hub',
				task,
				device: loaded?.device ?? entry.defaults.device,
				dtype: loaded?.dtype ?? entry.defaults.dtype,
				loadMs: loaded?.loadMs ?? null,
				runMs: null,
				memoryBytes: memory?.bytes ?? null,
				timings: {},
				output: null,
				error: null
			};
		};
		if (llm.source === 'model') {
			result.runs.push({
				...base(ids.llm, 'generate', llm.loaded, llm.memory),
				runMs: llm.stats?.totalMs ?? null,
				timings: llm.stats ? { ttftMs: llm.stats.ttftMs, tokensPerSecond: llm.stats.tokensPerSecond } : {},
				output:
					llm.phase === 'error' && llm.answer === ''
						? null
						: {
								task: 'generate',
								text: llm.answer,
								tokens: llm.stats?.tokens ?? llm.tokens,
								isInterrupted: llm.stats?.isInterrupted ?? false
							},
				error: llm.error
			});
		}
		const nerLoaded = light.loaded[ids.ner] ?? null;
		const embedLoaded = light.loaded[ids.embed] ?? null;
		result.runs.push({
			...base(ids.ner, 'ner', nerLoaded, light.memory),
			runMs: light.ner?.ms ?? null,
			timings:
				light.ner && light.ner.sentences > 0 ? { perSentenceMs: light.ner.ms / light.ner.sentences, sentences: light.ner.sentences } : {},
			output: light.ner ? { task: 'ner', entities: light.ner.entities } : null,
			error: light.ner ? null : light.error
		});
		const embedError = light.phase === 'error' && light.embedMs === null ? light.error : null;
		const embedRun = (task: ModelRun['task']): ModelRun => ({
			...base(ids.embed, task, embedLoaded, light.memory),
			runMs: light.embedMs,
			// The three embedding results share one batch: runMs is that batch's time.
			timings: light.embedMs === null ? {} : { sharedBatchMs: light.embedMs },
			error: embedError
		});
		const hasEmbeddings = light.embedMs !== null;
		if (light.labelsUsed) {
			result.runs.push({
				...embedRun('classify'),
				output: hasEmbeddings ? { task: 'classify', method: 'embedding-similarity', labels: light.labels } : null
			});
		}
		result.runs.push({ ...embedRun('qa'), output: hasEmbeddings ? { task: 'qa', method: 'retrieval', answer: light.qa } : null });
		result.runs.push({
			...embedRun('similar-sentences'),
			output: hasEmbeddings ? { task: 'similar-sentences', sentences: light.closest } : null
		});
		for (const run of specialistRuns(light.hallmarks, light.interactions)) {
			const { modelId, task, loaded, ...rest } = run;
			result.runs.push({ ...base(modelId, task, loaded, light.memory), ...rest });
		}
		if (grounding.phase === 'done') {
			result.grounding = { embedModelId: ids.embed, nerModelId: ids.ner, thresholds: { ...GROUNDING_THRESHOLDS }, flags: grounding.flags };
		}
		result.answer = llm.source ? { source: llm.source, text: llm.answer } : null;
		return result;
	}
}

/** Size of a model's files for its default dtype, for display. */
export function modelBytes(modelId: string): number {
	return downloadBytes(getModel(modelId));
}
