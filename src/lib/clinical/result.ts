/**
 * The compare run as data: one typed object holding the inputs, every model's output and timings, and
 * the grounding flags. The UI copies or downloads it as JSON; the evaluation mode reads the same shape.
 */
import type { ErrorInfo } from '../inference/errors';
import type { Device, Dtype } from '../models/catalogue';
import type { EntitySpan } from '../ner/entities';
import type { GroundingFlag, GroundingThresholds } from './grounding';
import type { LabelDescription, LabelScore, RankedSentence } from './retrieval';
import type { AnswerVerdict, LabelVerdict } from './uncertainty';

export const COMPARE_RESULT_SCHEMA = 'bedside.compare-result';
export const COMPARE_RESULT_VERSION = 1;

/** Whether Bedside trained the model (bundled demo) or the user downloaded it from the Hub. */
export type ModelKind = 'bedside-own' | 'hub';

export interface CompareInputs {
	note: string;
	question: string;
	exampleId: string | null;
	labels: LabelDescription[];
}

export interface AnswerSpan {
	/** `note.slice(start, end)`. */
	text: string;
	start: number;
	end: number;
	score: number;
}

/** What a model produced, by task; `method` says how when offline and Hub models differ. */
export type ModelOutput =
	| { task: 'generate'; text: string; tokens: number; isInterrupted: boolean }
	| { task: 'ner'; entities: EntitySpan[] }
	/** `verdict`: whether the view gave a label or said "uncertain", and on which figures (uncertainty.ts). */
	| { task: 'classify'; method: 'embedding-similarity' | 'zero-shot-nli'; labels: LabelScore[]; verdict?: LabelVerdict }
	/** `verdict`: whether the view showed the answer or "no answer found in the note". */
	| { task: 'qa'; method: 'retrieval' | 'extractive'; answer: AnswerSpan | null; verdict?: AnswerVerdict }
	| { task: 'similar-sentences'; sentences: RankedSentence[] }
	/** Hallmarks of cancer predicted per note sentence (multi-label classifier). */
	| { task: 'hallmarks'; sentences: { text: string; start: number; end: number; labels: { label: string; score: number }[] }[] }
	/** The interaction type of each pair of drugs found in one note sentence (relation classifier). */
	| { task: 'interactions'; pairs: { first: TextSpan; second: TextSpan; label: string; score: number }[] };

/** A piece of the note: `note.slice(start, end)`. */
export interface TextSpan {
	text: string;
	start: number;
	end: number;
}

export type ModelTask = ModelOutput['task'];

export interface ModelRun {
	modelId: string;
	kind: ModelKind;
	task: ModelTask;
	/** The backend that actually ran (Transformers.js `device`). */
	device: Device;
	dtype: Dtype;
	loadMs: number | null;
	runMs: number | null;
	/** Bytes, where the browser reports memory; null otherwise. */
	memoryBytes: number | null;
	/** Further timings by name, e.g. `ttftMs`, `tokensPerSecond`, `perSentenceMs`. */
	timings: Record<string, number>;
	/** Null when the model failed or was interrupted before producing anything. */
	output: ModelOutput | null;
	error: ErrorInfo | null;
}

export interface GroundingReport {
	embedModelId: string;
	nerModelId: string | null;
	/** The thresholds used, so a stored result can be judged after they change. */
	thresholds: GroundingThresholds;
	flags: GroundingFlag[];
}

export interface CompareResult {
	schema: typeof COMPARE_RESULT_SCHEMA;
	version: typeof COMPARE_RESULT_VERSION;
	/** ISO 8601. */
	createdAt: string;
	inputs: CompareInputs;
	runs: ModelRun[];
	grounding: GroundingReport | null;
	/**
	 * The answer that was grounded and where it came from: the LLM's run, or a fixed fixture answer from
	 * the prompt library (for demonstrating and testing the flags). Absent in results from before it existed.
	 */
	answer?: { source: 'model' | 'fixture'; text: string } | null;
	/** The LLM's second answer, from the library ("Also answer from the library"); absent when it was off. */
	library?: LibraryAnswerReport | null;
}

/** An answer from the library: the passages it was given (cited as [n]) and each sentence checked against them. */
export interface LibraryAnswerReport {
	text: string;
	tokens: number;
	runMs: number | null;
	isInterrupted: boolean;
	/** In prompt order: passage n is cited as [n]. */
	passages: { n: number; id: string; title: string; source: string; text: string }[];
	/** Null when the check did not run (no sentence, or it failed). */
	flags: GroundingFlag[] | null;
	error: string | null;
}

export function createCompareResult(inputs: CompareInputs, now: Date = new Date()): CompareResult {
	return {
		schema: COMPARE_RESULT_SCHEMA,
		version: COMPARE_RESULT_VERSION,
		createdAt: now.toISOString(),
		inputs,
		runs: [],
		grounding: null
	};
}

/** Pretty JSON for copy and download. */
export function serializeCompareResult(result: CompareResult): string {
	return `${JSON.stringify(result, null, '\t')}\n`;
}

/** A file name without characters that Windows or macOS reject. */
export function compareResultFileName(result: CompareResult): string {
	return `bedside-compare-${result.createdAt.replace(/[:.]/g, '-')}.json`;
}

/** How many answer sentences were supported and unsupported. */
export function countGroundingFlags(flags: readonly GroundingFlag[]): {
	supported: number;
	unsupported: number;
} {
	const supported = flags.filter((f) => f.status === 'supported').length;
	return { supported, unsupported: flags.length - supported };
}
