/**
 * Grounding flags: is each sentence of an LLM answer supported by the note? A sentence is flagged when
 * no note sentence is semantically close to it, or when it names an entity (drug, disease) that appears
 * nowhere in the note. Pure: embeddings and NER run elsewhere and come in as numbers and spans.
 */
import { formatEntityType, type EntitySpan } from '../ner/entities';
import type { Sentence } from './sentences';
import { containsWholeTerm, normalizeForMatch, normalizeTerm } from './textNormalize';

export interface GroundingThresholds {
	/** Cosine similarity to the closest note sentence at or above which a sentence counts as supported. */
	minSupportSimilarity: number;
	/** Answer entities scored below this by NER are too uncertain to flag a sentence on their own. */
	minEntityScore: number;
	/** Shorter entity texts ("K", "IV") match too loosely to be evidence either way. */
	minEntityChars: number;
}

/**
 * Every grounding threshold lives here, so tuning happens in one place and the tests cover it.
 * minSupportSimilarity is calibrated on bedside/med-embed, whose cosines run low: on the fixture answers
 * (libraryFixtures.ts) supported sentences reach 0.53 to 0.79 and unsupported ones 0.27 to 0.40
 * (src/lib/ui/compare/analysis.models.test.ts checks this on the real models). Another embedding model may
 * need another value.
 */
export const GROUNDING_THRESHOLDS: Readonly<GroundingThresholds> = Object.freeze({
	minSupportSimilarity: 0.46,
	minEntityScore: 0.5,
	minEntityChars: 3
});

/** rows = answer sentences, columns = note sentences; or a function of the two indices. */
export type SimilarityInput = readonly (readonly number[])[] | ((answerIndex: number, noteIndex: number) => number);

export type GroundingReason =
	| { kind: 'low-similarity'; maxSimilarity: number | null; threshold: number }
	| { kind: 'entity-not-in-note'; entity: string; type: string };

export type GroundingStatus = 'supported' | 'unsupported';

export interface CheckedEntity {
	text: string;
	type: string;
	isInNote: boolean;
}

export interface GroundingFlag {
	/** The answer sentence, offsets in the answer text. */
	sentence: Sentence;
	status: GroundingStatus;
	/** Highest similarity to any note sentence; null when the note has no sentences. */
	maxSimilarity: number | null;
	/** The note sentence that supports this one best, offsets in the note text. */
	closestNoteSentence: Sentence | null;
	checkedEntities: CheckedEntity[];
	/** Empty exactly when `status` is 'supported'. */
	reasons: GroundingReason[];
}

export interface GroundingInput {
	answerSentences: readonly Sentence[];
	noteSentences: readonly Sentence[];
	similarity: SimilarityInput;
	/** NER spans over the whole answer text (offsets in the answer). */
	answerEntities: readonly EntitySpan[];
	/** NER spans over the note. */
	noteEntities: readonly EntitySpan[];
	noteText: string;
	thresholds?: Readonly<GroundingThresholds>;
}

/** @throws RangeError when a similarity matrix does not match the sentence counts. */
function similarityLookup(input: GroundingInput): (answerIndex: number, noteIndex: number) => number {
	const { similarity, answerSentences, noteSentences } = input;
	if (typeof similarity === 'function') return similarity;
	const isShapeRight = similarity.length === answerSentences.length && similarity.every((row) => row.length === noteSentences.length);
	if (!isShapeRight) {
		throw new RangeError(`Similarity matrix must be ${answerSentences.length} x ${noteSentences.length} (answer x note sentences).`);
	}
	return (a, n) => similarity[a]?.[n] ?? Number.NaN;
}

function closestNoteSentence(
	answerIndex: number,
	noteCount: number,
	similarityOf: (answerIndex: number, noteIndex: number) => number
): { index: number; similarity: number } | null {
	let best: { index: number; similarity: number } | null = null;
	for (let noteIndex = 0; noteIndex < noteCount; noteIndex++) {
		const value = similarityOf(answerIndex, noteIndex);
		// A NaN from a broken embedding must not count as support.
		if (Number.isFinite(value) && (best === null || value > best.similarity)) {
			best = { index: noteIndex, similarity: value };
		}
	}
	return best;
}

/** Whether an entity text occurs in the note: among the note's NER entities or as whole words in the text. */
export function isEntityInNote(entityText: string, noteEntityTerms: ReadonlySet<string>, normalizedNote: string): boolean {
	const term = normalizeTerm(entityText);
	return noteEntityTerms.has(term) || containsWholeTerm(normalizedNote, term);
}

function entitiesInSentence(sentence: Sentence, entities: readonly EntitySpan[], thresholds: Readonly<GroundingThresholds>): EntitySpan[] {
	const seen = new Set<string>();
	return entities.filter((entity) => {
		const term = normalizeTerm(entity.text);
		const isInside = entity.start < sentence.end && entity.end > sentence.start;
		const isCheckable = entity.score >= thresholds.minEntityScore && term.length >= thresholds.minEntityChars;
		if (!isInside || !isCheckable || seen.has(term)) return false;
		seen.add(term);
		return true;
	});
}

/** One flag per answer sentence, in order. */
export function groundAnswer(input: GroundingInput): GroundingFlag[] {
	const thresholds = input.thresholds ?? GROUNDING_THRESHOLDS;
	const similarityOf = similarityLookup(input);
	const noteEntityTerms = new Set(input.noteEntities.map((e) => normalizeTerm(e.text)));
	const normalizedNote = normalizeForMatch(input.noteText);

	return input.answerSentences.map((sentence, answerIndex) => {
		const closest = closestNoteSentence(answerIndex, input.noteSentences.length, similarityOf);
		const maxSimilarity = closest?.similarity ?? null;
		const reasons: GroundingReason[] = [];
		if (maxSimilarity === null || maxSimilarity < thresholds.minSupportSimilarity) {
			reasons.push({
				kind: 'low-similarity',
				maxSimilarity,
				threshold: thresholds.minSupportSimilarity
			});
		}
		const checkedEntities = entitiesInSentence(sentence, input.answerEntities, thresholds).map((e) => ({
			text: e.text,
			type: e.type,
			isInNote: isEntityInNote(e.text, noteEntityTerms, normalizedNote)
		}));
		for (const entity of checkedEntities) {
			if (!entity.isInNote) reasons.push({ kind: 'entity-not-in-note', entity: entity.text, type: entity.type });
		}
		return {
			sentence,
			status: reasons.length === 0 ? 'supported' : 'unsupported',
			maxSimilarity,
			closestNoteSentence: closest ? (input.noteSentences[closest.index] ?? null) : null,
			checkedEntities,
			reasons
		};
	});
}

/** Why a sentence was flagged, in words for the UI. */
export function describeReason(reason: GroundingReason): string {
	if (reason.kind === 'entity-not-in-note') {
		return `"${reason.entity}" (${formatEntityType(reason.type)}) is not mentioned in the note.`;
	}
	if (reason.maxSimilarity === null) return 'The note has no sentences to compare with.';
	return `The closest note sentence has similarity ${reason.maxSimilarity.toFixed(2)}, below ${reason.threshold.toFixed(2)}.`;
}
