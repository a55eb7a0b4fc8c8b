/**
 * The specialists of the compare view's lightweight side: hallmarks of cancer for each note sentence
 * (`role: hallmarks`) and the interaction type of each pair of drugs NER found in one sentence
 * (`role: relation`). Each runs only when its model is trained and installed; otherwise its panel stays hidden.
 * Like analysis.ts, these are functions of an `InferClient`, so unit tests drive them with a fake engine.
 */
import { drugPairs, MAX_DRUG_PAIRS } from '../../clinical/drugPairs';
import type { EntitySpan } from '../../ner/entities';
import type { ModelOutput } from '../../clinical/result';
import type { Sentence } from '../../clinical/sentences';
import { InferenceError, type ErrorInfo } from '../../inference/errors';
import type { LabelProbability, LoadedModel, SequenceClassification } from '../../inference/protocol';
import type { ModelEntry, Role } from '../../models/catalogue';
import { listModels } from '../../models/own/registry.svelte';
import { installState } from '../../models/installed';
import type { InferClient } from '../../inference/capabilities';

/** Texts per infer call (the worker accepts up to MAX_TASK_TEXTS; smaller batches pad less). */
const BATCH = 32;

async function classifyAll(
	client: InferClient,
	modelId: string,
	texts: readonly string[]
): Promise<{ results: SequenceClassification[]; ms: number }> {
	const results: SequenceClassification[] = [];
	let ms = 0;
	for (let start = 0; start < texts.length; start += BATCH) {
		const { output, ms: batchMs } = await client.infer(modelId, {
			kind: 'sequence-classification',
			texts: texts.slice(start, start + BATCH)
		});
		if (output.kind !== 'sequence-classification') throw new Error(`Expected sequence classes, got ${output.kind}.`);
		results.push(...output.results);
		ms += batchMs;
	}
	return { results, ms };
}

export interface SentenceHallmarks {
	index: number;
	text: string;
	start: number;
	end: number;
	/** The predicted hallmarks with their probabilities, most probable first (empty: none predicted). */
	labels: LabelProbability[];
}

export interface HallmarksResult {
	sentences: SentenceHallmarks[];
	/** Worker time over all batches. */
	ms: number;
}

/** The hallmarks the model predicts for each sentence. */
export async function hallmarksOf(client: InferClient, modelId: string, sentences: readonly Sentence[]): Promise<HallmarksResult> {
	const { results, ms } = await classifyAll(
		client,
		modelId,
		sentences.map((s) => s.text)
	);
	return {
		ms,
		sentences: sentences.map((sentence, index) => {
			const predicted = new Set(results[index]?.labels ?? []);
			const labels = (results[index]?.scores ?? []).filter((s) => predicted.has(s.label)).sort((a, b) => b.score - a.score);
			return { index, text: sentence.text, start: sentence.start, end: sentence.end, labels };
		})
	};
}

export interface PairInteraction {
	sentenceIndex: number;
	first: Pick<EntitySpan, 'text' | 'start' | 'end'>;
	second: Pick<EntitySpan, 'text' | 'start' | 'end'>;
	/** The sentence with the pair marked, as the model read it. */
	marked: string;
	/** The predicted type (`none`: no interaction stated) and its probability. */
	label: string;
	score: number;
}

export interface InteractionsResult {
	pairs: PairInteraction[];
	/** Sentences holding two or more drug entities. */
	sentencesWithPairs: number;
	/** True when the note had more pairs than MAX_DRUG_PAIRS (the rest were not classified). */
	isCapped: boolean;
	ms: number;
}

/** The interaction type of every pair of drug entities within one sentence. */
export async function interactionsOf(
	client: InferClient,
	modelId: string,
	sentences: readonly Sentence[],
	entities: readonly EntitySpan[]
): Promise<InteractionsResult> {
	const pairs = drugPairs(sentences, entities, MAX_DRUG_PAIRS + 1);
	const isCapped = pairs.length > MAX_DRUG_PAIRS;
	const kept = pairs.slice(0, MAX_DRUG_PAIRS);
	const { results, ms } = await classifyAll(
		client,
		modelId,
		kept.map((p) => p.marked)
	);
	const span = (e: EntitySpan) => ({ text: e.text, start: e.start, end: e.end });
	return {
		isCapped,
		ms,
		sentencesWithPairs: new Set(kept.map((p) => p.sentenceIndex)).size,
		pairs: kept.map((pair, i) => {
			const label = results[i]?.labels[0] ?? 'none';
			const score = results[i]?.scores.find((s) => s.label === label)?.score ?? 0;
			return { sentenceIndex: pair.sentenceIndex, first: span(pair.first), second: span(pair.second), marked: pair.marked, label, score };
		})
	};
}

/** One specialist's part of the view; `modelId` null: no such model is installed, so its panel is hidden. */
export interface SpecialistView<T> {
	modelId: string | null;
	phase: 'idle' | 'loading' | 'running' | 'done' | 'error';
	loaded: LoadedModel | null;
	result: T | null;
	error: ErrorInfo | null;
}

export function emptySpecialist<T>(): SpecialistView<T> {
	return { modelId: null, phase: 'idle', loaded: null, result: null, error: null };
}

/** Whether a catalogue model can be loaded here: trained (has files) and installed in /models/ (same-origin HEAD). */
export type IsInstalled = (entry: ModelEntry) => Promise<boolean>;

/**
 * Remembers the models found installed, for the page's life: a model on the server stays there, and asking again
 * on every Compare run cost one HEAD request per file (about ten a run, each kept by the browser's resource timing
 * and any attached devtools). A model not found is asked about again, so one installed meanwhile shows up.
 */
export function rememberInstalled(isInstalled: IsInstalled): IsInstalled {
	const installed = new Set<string>();
	return async (entry) => {
		if (installed.has(entry.id)) return true;
		const isThere = await isInstalled(entry);
		if (isThere) installed.add(entry.id);
		return isThere;
	};
}

export const isInstalledHere: IsInstalled = rememberInstalled(
	async (entry) => entry.files.length > 0 && (await installState(entry)).kind === 'installed'
);

/** The first installed model of a role (catalogue order), or null. */
export async function installedModelFor(role: Role, isInstalled: IsInstalled): Promise<ModelEntry | null> {
	for (const entry of listModels(role)) if (await isInstalled(entry).catch(() => false)) return entry;
	return null;
}

/**
 * Loads and runs one specialist into its view; a failure stays in that view (the rest of the lightweight side
 * is unaffected). Without an installed model the view keeps `modelId: null`.
 */
export async function runSpecialist<T>(
	view: SpecialistView<T>,
	entry: ModelEntry | null,
	load: (modelId: string) => Promise<LoadedModel>,
	run: (modelId: string) => Promise<T>
): Promise<void> {
	if (!entry) return;
	view.modelId = entry.id;
	view.phase = 'loading';
	try {
		view.loaded = await load(entry.id);
		view.phase = 'running';
		view.result = await run(entry.id);
		view.phase = 'done';
	} catch (err) {
		view.error =
			err instanceof InferenceError ? err.toInfo() : { code: 'run_failed', message: err instanceof Error ? err.message : String(err) };
		view.phase = 'error';
	}
}

interface SpecialistRun {
	modelId: string;
	task: 'hallmarks' | 'interactions';
	loaded: LoadedModel | null;
	runMs: number | null;
	timings: Record<string, number>;
	output: ModelOutput | null;
	error: ErrorInfo | null;
}

const perItem = (ms: number, count: number, perKey: string, countKey: string): Record<string, number> =>
	count > 0 ? { [perKey]: ms / count, [countKey]: count } : {};

/** One specialist as a result run, or nothing when it did not run; `describe` gives its timings and output. */
function asRun<R extends { ms: number }>(
	view: SpecialistView<R>,
	task: SpecialistRun['task'],
	describe: (result: R) => { timings: Record<string, number>; output: ModelOutput }
): SpecialistRun[] {
	if (!view.modelId) return [];
	const described = view.result ? describe(view.result) : null;
	return [
		{
			modelId: view.modelId,
			task,
			loaded: view.loaded,
			runMs: view.result?.ms ?? null,
			timings: described?.timings ?? {},
			output: described?.output ?? null,
			error: view.error
		}
	];
}

/** The specialists that ran, as result runs (see clinical/result.ts): model, timings and output. */
export function specialistRuns(
	hallmarks: SpecialistView<HallmarksResult>,
	interactions: SpecialistView<InteractionsResult>
): SpecialistRun[] {
	return [
		...asRun(hallmarks, 'hallmarks', (result) => ({
			timings: perItem(result.ms, result.sentences.length, 'perSentenceMs', 'sentences'),
			output: { task: 'hallmarks', sentences: result.sentences.map(({ text, start, end, labels }) => ({ text, start, end, labels })) }
		})),
		...asRun(interactions, 'interactions', (result) => ({
			timings: perItem(result.ms, result.pairs.length, 'perPairMs', 'pairs'),
			output: { task: 'interactions', pairs: result.pairs.map(({ first, second, label, score }) => ({ first, second, label, score })) }
		}))
	];
}
