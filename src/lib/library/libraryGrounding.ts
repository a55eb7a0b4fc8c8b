/**
 * Grounding for a library answer: each answer sentence is checked against the passages it cites (all shown
 * passages when it cites none) with Compare's grounding check (clinical/grounding.ts): a sentence is supported
 * when a sentence of its evidence is close enough in med-embed space. Pure: embeddings come in as vectors.
 */
import { groundAnswer, type GroundingFlag } from '../clinical/grounding';
import { splitSentences, type Sentence } from '../clinical/sentences';
import { cosineSimilarity, type Vector } from '../clinical/vectors';
import { citedNumbers, stripCitations } from './citations';

/** One or more citation markers (and the spaces between them) at the start of a text. */
const LEADING_MARKERS = /^(?:\s*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\])+/;

export interface EvidenceSentence extends Sentence {
	/** 1-based passage number. */
	passage: number;
}

export interface GroundingPlan {
	/** Answer sentences with their markers (offsets in the answer as streamed). */
	answerSentences: Sentence[];
	/** The same sentences without markers: what gets embedded. */
	answerTexts: string[];
	/** The passage numbers each answer sentence cites (known ones). */
	cited: number[][];
	evidence: EvidenceSentence[];
}

export function planGrounding(answer: string, passages: readonly string[]): GroundingPlan {
	// A citation right after a sentence's full stop ("... disease. [1] Next ...") belongs to that sentence: the
	// splitter puts it at the start of the next one, so move leading markers back.
	const merged: Sentence[] = [];
	for (const sentence of splitSentences(answer)) {
		const previous = merged.at(-1);
		const lead = LEADING_MARKERS.exec(sentence.text)?.[0].length ?? 0;
		if (lead > 0 && previous) {
			const end = sentence.start + lead;
			merged[merged.length - 1] = {
				text: answer.slice(previous.start, end).trimEnd(),
				start: previous.start,
				end: previous.start + answer.slice(previous.start, end).trimEnd().length
			};
		}
		const start = sentence.start + (previous ? lead : 0);
		const text = answer.slice(start, sentence.end);
		const trimmed = text.trimStart();
		if (stripCitations(trimmed) !== '') merged.push({ text: trimmed, start: sentence.end - trimmed.length, end: sentence.end });
	}
	const evidence = passages.flatMap((text, i) => splitSentences(text).map((s) => ({ ...s, passage: i + 1 })));
	return {
		answerSentences: merged,
		answerTexts: merged.map((s) => stripCitations(s.text)),
		cited: merged.map((s) => citedNumbers(s.text, passages.length)),
		evidence
	};
}

/** One flag per answer sentence; `answerVectors` and `evidenceVectors` are in the plan's order. */
export function groundLibraryAnswer(
	plan: GroundingPlan,
	answerVectors: readonly Vector[],
	evidenceVectors: readonly Vector[],
	passageTexts: readonly string[]
): GroundingFlag[] {
	return groundAnswer({
		answerSentences: plan.answerSentences,
		noteSentences: plan.evidence,
		similarity: (a, e) => {
			const cited = plan.cited[a] ?? [];
			const evidence = plan.evidence[e];
			// Only the cited passages count as support; NaN means "not evidence for this sentence".
			if (!evidence || (cited.length > 0 && !cited.includes(evidence.passage))) return Number.NaN;
			const av = answerVectors[a];
			const ev = evidenceVectors[e];
			return av && ev ? cosineSimilarity(av, ev) : Number.NaN;
		},
		answerEntities: [],
		noteEntities: [],
		noteText: passageTexts.join('\n')
	});
}

/** Share of answer sentences supported, for the evaluation. */
export function supportedShare(flags: readonly GroundingFlag[]): number {
	return flags.length === 0 ? 0 : flags.filter((f) => f.status === 'supported').length / flags.length;
}
