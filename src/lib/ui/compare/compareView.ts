/**
 * What the compare view shows, as plain data: the session (compareSession.svelte.ts) fills it, the Svelte
 * components read it, and the result builder (compareResult.ts) turns a snapshot of it into a CompareResult.
 */
import type { EntitySpan } from '../../ner/entities';
import type { GroundingFlag } from '../../clinical/grounding';
import type { CompareInputs } from '../../clinical/result';
import type { LabelScore, RankedSentence, RetrievedAnswer } from '../../clinical/retrieval';
import { InferenceError, type ErrorInfo } from '../../inference/errors';
import type { LoadedModel, RunStats } from '../../inference/protocol';
import type { LibraryTurn } from '../../library/libraryChat.svelte';
import type { MemoryReading } from './memory';
import { emptySpecialist, type HallmarksResult, type InteractionsResult, type SpecialistView } from './specialists';
import type { CompareRequest } from './llmMessages';

export type Phase = 'idle' | 'loading' | 'running' | 'done' | 'error';

export interface CompareModelIds {
	llm: string;
	ner: string;
	embed: string;
}

export interface LightView {
	phase: Phase;
	/** The note the results below refer to (the text box may have changed since). */
	note: string;
	ner: { entities: EntitySpan[]; ms: number; sentences: number; unaligned: string[] } | null;
	qa: Omit<RetrievedAnswer, 'ranked'> | null;
	closest: RankedSentence[];
	labels: LabelScore[];
	labelsUsed: boolean;
	/** How much the note reads like clinical text (clinical/uncertainty.ts); null for an uncalibrated embedding model. */
	clinicalScore: number | null;
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
	/** How the note was put to the model (llmMessages.ts); null before a model run. */
	promptFormat: CompareRequest['format'] | null;
}

/**
 * The same LLM answering from the library (passages and question in the prompt, no note), after the closed-book
 * answer: its passages, citations and the check of each sentence against the passages it cites.
 */
export interface LibraryAnswerView {
	phase: Phase;
	answer: string;
	isStreaming: boolean;
	tokens: number;
	stats: RunStats | null;
	/** Passages, retrieval times and grounding flags (the chat's per-turn state, rendered by LibraryAnswer.svelte). */
	turn: LibraryTurn | null;
	/** Why the library answer did not run or stopped (no matching passage, the library could not be opened). */
	error: string | null;
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
	/** Null when "Also answer from the library" was off for this run. */
	library: LibraryAnswerView | null;
	grounding: GroundingView;
}

export function emptyLight(): LightView {
	return {
		phase: 'idle',
		note: '',
		ner: null,
		qa: null,
		closest: [],
		labels: [],
		labelsUsed: false,
		clinicalScore: null,
		embedMs: null,
		embedTexts: 0,
		loaded: {},
		error: null,
		memory: null,
		hallmarks: emptySpecialist(),
		interactions: emptySpecialist()
	};
}

export function emptyLlm(): LlmView {
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
		memory: null,
		promptFormat: null
	};
}

export function emptyLibraryAnswer(): LibraryAnswerView {
	return { phase: 'idle', answer: '', isStreaming: false, tokens: 0, stats: null, turn: null, error: null };
}

export function emptyGrounding(): GroundingView {
	return { phase: 'idle', flags: [], ms: null, error: null };
}

/** Any thrown value as the ErrorInfo the views show. */
export function asInfo(err: unknown): ErrorInfo {
	if (err instanceof InferenceError) return err.toInfo();
	return { code: 'run_failed', message: err instanceof Error ? err.message : String(err) };
}
