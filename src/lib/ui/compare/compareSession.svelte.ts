/**
 * State of the compare view: one note and question, the LLM on one worker and the lightweight models
 * (NER, embeddings) on another, so their results never wait for the LLM's stream. When both sides are
 * done, the answer (the LLM's, or a library fixture answer) is grounded against the note. With "Also answer from
 * the library", the LLM then answers the question again from library passages (compareLibrary.ts).
 * It talks only to two InferenceClients and a LibrarySource, so unit tests drive it with fakes behind loopback ports.
 */
import type { CompareInputs, CompareResult } from '../../clinical/result';
import type { InferenceClient } from '../../inference/client';
import { InferenceError } from '../../inference/errors';
import { checkRun } from '../../inference/input';
import { MAX_PROMPT_CHARS, type BackendPreference, type GenerationOptions } from '../../inference/protocol';
import { DEFAULT_MODEL_IDS, downloadBytes } from '../../models/catalogue';
import { findModel, getModel } from '../../models/own/registry.svelte';
import { groundWithModels } from './analysis';
import { answerFromLibrary, type LibrarySource } from './compareLibrary';
import { analyseNote, type NoteAnalysis } from './compareLight';
import { buildCompareResult } from './compareResult';
import { compareAnswerText, compareRequest, llmPrompt } from './llmMessages';
import {
	asInfo,
	emptyGrounding,
	emptyLibraryAnswer,
	emptyLight,
	emptyLlm,
	type CompareModelIds,
	type CompareView,
	type Phase
} from './compareView';
import { watchMemory, type MemoryReading } from './memory';
import { isInstalledHere, type IsInstalled } from './specialists';

export type { CompareModelIds, CompareView, GroundingView, LibraryAnswerView, LightView, LlmView, Phase } from './compareView';

export const DEFAULT_COMPARE_MODELS: Readonly<CompareModelIds> = Object.freeze({ ...DEFAULT_MODEL_IDS });

/** Small encoders usually run faster on WASM than on WebGPU (no upload and dispatch overhead): the default. */
export const DEFAULT_LIGHT_BACKEND: Readonly<BackendPreference> = Object.freeze({ device: 'wasm', threads: 1 });

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
	/** After the closed-book answer, let the LLM answer the question again from library passages. */
	withLibrary?: boolean;
}

function crashNotice(side: string, isRestarted: boolean): string {
	return isRestarted
		? `The ${side} worker crashed and was restarted; the next run loads its models again. Your note is kept.`
		: `The ${side} worker keeps crashing. Reload the page.`;
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
	readonly #library: LibrarySource | null;
	readonly #view = $state<CompareView>({
		inputs: null,
		ids: { ...DEFAULT_COMPARE_MODELS },
		light: emptyLight(),
		llm: emptyLlm(),
		library: null,
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
		options: {
			watchMemory?: (report: (reading: MemoryReading | null) => void) => void;
			isInstalled?: IsInstalled;
			/** The chat's library (LibraryChat) for "Also answer from the library"; without it that option is refused. */
			library?: LibrarySource;
		} = {}
	) {
		this.#library = options.library ?? null;
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
		const { light, llm, library, grounding } = this.#view;
		const busy = (p: Phase) => p === 'loading' || p === 'running';
		return busy(light.phase) || busy(llm.phase) || busy(library?.phase ?? 'idle') || busy(grounding.phase);
	}

	/** What stops a run, in words a clinician reads; the LLM's limit applies only when the LLM runs. */
	static check(inputs: CompareInputs, generation: GenerationOptions, withLlm = true, withLibrary = false): string | null {
		if (inputs.note.trim() === '') return 'Paste or type a clinical note first, or pick an example.';
		if (inputs.note.length > MAX_LIGHT_NOTE_CHARS) {
			return `This note is ${pages(inputs.note.length)} long (${inputs.note.length} characters); the lightweight models read up to ${pages(MAX_LIGHT_NOTE_CHARS)}. Compare a part of it.`;
		}
		if (!withLlm) return null;
		const prompt = llmPrompt(inputs.note, inputs.question);
		if (prompt.length > MAX_PROMPT_CHARS) {
			return `The LLM reads at most ${pages(MAX_PROMPT_CHARS)} of note and question (${MAX_PROMPT_CHARS} characters); these are ${pages(prompt.length)}. Shorten the note, or untick "Run the LLM": the lightweight models read the whole note.`;
		}
		if (withLibrary && inputs.question.trim() === '') {
			return 'Answering from the library needs a question: the library is searched with it (the note stays out of that prompt). Type one, or untick "Also answer from the library".';
		}
		return checkRun([{ role: 'user', content: prompt }], generation);
	}

	/**
	 * Runs both sides in parallel, then grounds the answer. With `fixtureAnswer`, the LLM is not run and
	 * the fixed answer is grounded instead. Inputs are copied: editing the form later changes nothing here.
	 */
	async run(request: RunRequest): Promise<void> {
		const withLlm = !request.skipLlm && request.fixtureAnswer === undefined;
		const withLibrary = withLlm && request.withLibrary === true;
		const problem = CompareSession.check(request.inputs, request.generation, withLlm, withLibrary);
		if (problem) throw new InferenceError('bad_input', problem);
		await this.stop();
		const runNumber = ++this.#runNumber;
		const inputs: CompareInputs = structuredClone($state.snapshot(request.inputs));
		this.#view.inputs = inputs;
		this.#view.ids = { ...request.ids };
		this.#view.grounding = emptyGrounding();
		this.#view.library = withLibrary ? emptyLibraryAnswer() : null;
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
		// The library answer (LLM worker, library worker) and the grounding (lightweight worker) use different workers.
		await Promise.all([
			note && text !== null && text.trim() !== '' ? this.#ground(runNumber, note, request.ids, text) : null,
			withLibrary ? this.#answerFromLibrary(runNumber, inputs.question, request.ids.llm, request.generation) : null
		]);
	}

	async #answerFromLibrary(runNumber: number, question: string, modelId: string, generation: GenerationOptions): Promise<void> {
		const live = this.#view.library;
		if (!live) return;
		const { llm } = this.#view;
		// Nothing to compare with when the closed-book answer failed or was stopped (Stop means stop both).
		const reason =
			this.#library === null
				? 'The library is not available in this view.'
				: llm.phase === 'error'
					? 'Not run: the closed-book answer failed.'
					: llm.stats?.isInterrupted
						? 'Not run: the LLM was stopped.'
						: null;
		if (reason || this.#library === null) {
			live.error = reason;
			live.phase = 'error';
			return;
		}
		const isCurrent = () => runNumber === this.#runNumber;
		await answerFromLibrary({
			library: this.#library,
			llm: this.#llmClient,
			live,
			turnId: runNumber,
			modelId,
			question,
			generation,
			isCurrent,
			onRunId: (id) => {
				if (isCurrent()) this.#runId = id;
			}
		});
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
		this.#view.light = emptyLight();
		return analyseNote({
			client: this.#lightClient,
			live: this.#view.light,
			key: this.#noteKey,
			inputs,
			ids,
			backend,
			isInstalled: this.#isInstalled,
			watchMemory: this.#watchMemory
		});
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
			const request = compareRequest(findModel(modelId)?.promptSet, inputs.note, inputs.question);
			live.promptFormat = request.format;
			const run = this.#llmClient.run(
				modelId,
				request.messages,
				request.copyFrom ? { ...generation, copyFrom: request.copyFrom } : generation,
				(text, tokens) => {
					live.answer += text;
					live.tokens = tokens;
				}
			);
			this.#runId = run.id;
			live.stats = await run.stats;
			live.answer = compareAnswerText(live.answer, request);
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
			const start = performance.now();
			const run = await groundWithModels(this.#lightClient, ids, note, answer);
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
		return buildCompareResult($state.snapshot(this.#view) as CompareView, now);
	}
}

/** Size of a model's files for its default dtype, for display. */
export function modelBytes(modelId: string): number {
	return downloadBytes(getModel(modelId));
}
