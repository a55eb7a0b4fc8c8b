/**
 * The lightweight side of the compare view, as functions of an `InferClient`: NER over the note, sentence
 * embeddings for retrieval QA, closest sentences and label classification, and grounding of an answer.
 * The clinical maths lives in `src/lib/clinical`; this module only feeds it model outputs.
 */
import { entitiesFromTokens, type EntitySpan } from '../../ner/entities';
import { groundAnswer, GROUNDING_THRESHOLDS, type GroundingFlag } from '../../clinical/grounding';
import {
	answerByRetrieval,
	classifyByEmbedding,
	type LabelDescription,
	type LabelScore,
	type RankedSentence,
	type RetrievedAnswer
} from '../../clinical/retrieval';
import { inBatches, splitLongSentences } from '../../clinical/chunks';
import { splitSentences, type Sentence } from '../../clinical/sentences';
import { cosineMatrix } from '../../clinical/vectors';
import type { InferClient } from '../../inference/capabilities';
import { MAX_TASK_TEXT_CHARS } from '../../inference/protocol';

function meanVector(vectors: readonly number[][]): number[] {
	const mean = new Array<number>(vectors[0]?.length ?? 0).fill(0);
	for (const v of vectors) v.forEach((x, i) => (mean[i] = (mean[i] ?? 0) + x / vectors.length));
	return mean;
}

/** How many note sentences the "closest sentences" list shows. */
export const CLOSEST_SENTENCES = 3;

export interface NerResult {
	entities: EntitySpan[];
	/** Worker time for the whole batch of sentences. */
	ms: number;
	sentences: number;
	/** Tokens that could not be placed in the text (should be empty; shown when not). */
	unaligned: string[];
}

/** Entities over `text`, run sentence by sentence (the NER model was trained on sentences); offsets in `text`. */
export async function extractEntities(
	client: InferClient,
	modelId: string,
	text: string,
	noteSentences: readonly Sentence[] = splitSentences(text)
): Promise<NerResult> {
	// Every sentence, however long, in as many requests as needed (chunks.ts): nothing is cut silently.
	const sentences = splitLongSentences(noteSentences);
	if (sentences.length === 0) return { entities: [], ms: 0, sentences: 0, unaligned: [] };
	const { results, ms } = await inBatches(sentences, async (batch) => {
		const { output, ms } = await client.infer(modelId, { kind: 'token-classification', texts: batch.map((s) => s.text) });
		if (output.kind !== 'token-classification') throw new Error(`Expected token predictions, got ${output.kind}.`);
		return { results: output.results, ms };
	});
	const entities: EntitySpan[] = [];
	const unaligned: string[] = [];
	sentences.forEach((sentence, i) => {
		const extraction = entitiesFromTokens(sentence.text, results[i] ?? []);
		unaligned.push(...extraction.unaligned);
		for (const e of extraction.entities) {
			entities.push({ ...e, start: e.start + sentence.start, end: e.end + sentence.start });
		}
	});
	return { entities, ms, sentences: sentences.length, unaligned };
}

/** Embeddings of `texts`, in order. */
export async function embedTexts(client: InferClient, modelId: string, texts: string[]): Promise<{ vectors: number[][]; ms: number }> {
	if (texts.length === 0) return { vectors: [], ms: 0 };
	const { results: vectors, ms } = await inBatches(texts, async (batch) => {
		const { output, ms } = await client.infer(modelId, { kind: 'embed', texts: batch });
		if (output.kind !== 'embed') throw new Error(`Expected embeddings, got ${output.kind}.`);
		return { results: output.vectors, ms };
	});
	if (vectors.length !== texts.length) throw new Error(`${texts.length} texts but ${vectors.length} embeddings.`);
	return { vectors, ms };
}

export interface EmbeddingAnalysis {
	noteSentences: Sentence[];
	/** One per note sentence, kept for grounding. */
	noteVectors: number[][];
	/** The whole note's vector (or its sentences' mean), which the labels were scored with. */
	noteVector: number[];
	qa: RetrievedAnswer | null;
	closest: RankedSentence[];
	labels: LabelScore[];
	ms: number;
	/** Texts embedded in the batch (question, note, note sentences, label descriptions). */
	texts: number;
}

/** QA by retrieval, closest sentences and classification from one batch of embeddings. */
export async function analyseWithEmbeddings(
	client: InferClient,
	modelId: string,
	input: { note: string; question: string; labels: readonly LabelDescription[]; noteSentences?: Sentence[] }
): Promise<EmbeddingAnalysis> {
	const noteSentences = input.noteSentences ?? splitLongSentences(splitSentences(input.note));
	// A note too long to embed as one text is represented by the mean of its sentences' vectors.
	const isNoteWhole = input.note.length <= MAX_TASK_TEXT_CHARS;
	const head = isNoteWhole ? input.note : (noteSentences[0]?.text ?? '');
	const texts = [
		input.question.trim() === '' ? head : input.question,
		head,
		...noteSentences.map((s) => s.text),
		...input.labels.map((l) => l.description)
	];
	const { vectors, ms } = await embedTexts(client, modelId, texts);
	const [questionVector = [], wholeNoteVector = []] = vectors;
	const noteVectors = vectors.slice(2, 2 + noteSentences.length);
	const noteVector = isNoteWhole ? wholeNoteVector : meanVector(noteVectors);
	const labelVectors = vectors.slice(2 + noteSentences.length);
	const qa = answerByRetrieval({
		question: input.question,
		questionEmbedding: questionVector,
		noteSentences,
		sentenceEmbeddings: noteVectors
	});
	const labels =
		input.labels.length === 0
			? []
			: classifyByEmbedding({ textEmbedding: noteVector, labels: input.labels, labelEmbeddings: labelVectors });
	return {
		noteSentences,
		noteVectors,
		noteVector,
		qa,
		closest: (qa?.ranked ?? []).slice(0, CLOSEST_SENTENCES),
		labels,
		ms,
		texts: texts.length
	};
}

export interface GroundingRun {
	flags: GroundingFlag[];
	answerEntities: EntitySpan[];
	nerMs: number;
	embedMs: number;
}

/** Grounding flags for `answer` against a note already analysed (its sentences, their vectors, its entities). */
export async function groundWithModels(
	client: InferClient,
	ids: { ner: string; embed: string },
	note: { text: string; sentences: readonly Sentence[]; vectors: readonly number[][]; entities: readonly EntitySpan[] },
	answer: string
): Promise<GroundingRun> {
	const answerSentences = splitSentences(answer);
	if (answerSentences.length === 0) return { flags: [], answerEntities: [], nerMs: 0, embedMs: 0 };
	const ner = await extractEntities(client, ids.ner, answer, answerSentences);
	const { vectors, ms } = await embedTexts(
		client,
		ids.embed,
		answerSentences.map((s) => s.text)
	);
	const flags = groundAnswer({
		answerSentences,
		noteSentences: note.sentences,
		similarity: cosineMatrix(vectors, note.vectors),
		answerEntities: ner.entities,
		noteEntities: note.entities,
		noteText: note.text,
		thresholds: GROUNDING_THRESHOLDS
	});
	return { flags, answerEntities: ner.entities, nerMs: ner.ms, embedMs: ms };
}

/** A piece of text for highlighting: plain, or inside one or more marks. */
export interface Segment {
	text: string;
	start: number;
	end: number;
	/** Entity covering this piece, if any. */
	entity: EntitySpan | null;
	/** Whether the piece lies inside the QA answer span. */
	isAnswer: boolean;
}

/**
 * Cuts `text` at every entity and answer boundary so the view can render plain spans (never HTML).
 * Overlapping entities keep the first (entities from NER do not overlap).
 */
export function segmentNote(text: string, entities: readonly EntitySpan[], answer: { start: number; end: number } | null): Segment[] {
	const sorted = [...entities].filter((e) => e.start >= 0 && e.end <= text.length && e.start < e.end).sort((a, b) => a.start - b.start);
	const kept: EntitySpan[] = [];
	for (const e of sorted) if ((kept.at(-1)?.end ?? -1) <= e.start) kept.push(e);
	const cuts = new Set<number>([0, text.length]);
	for (const e of kept) {
		cuts.add(e.start);
		cuts.add(e.end);
	}
	if (answer) {
		cuts.add(Math.max(0, Math.min(text.length, answer.start)));
		cuts.add(Math.max(0, Math.min(text.length, answer.end)));
	}
	const points = [...cuts].sort((a, b) => a - b);
	const segments: Segment[] = [];
	for (let i = 0; i + 1 < points.length; i++) {
		const start = points[i] ?? 0;
		const end = points[i + 1] ?? 0;
		if (end <= start) continue;
		segments.push({
			text: text.slice(start, end),
			start,
			end,
			entity: kept.find((e) => e.start <= start && end <= e.end) ?? null,
			isAnswer: answer !== null && answer.start <= start && end <= answer.end
		});
	}
	return segments;
}
