/**
 * Offline stand-ins for question answering and classification, built on sentence embeddings only:
 * QA returns the note sentence that best supports the question (always a real span of the note),
 * classification scores user-editable label descriptions by similarity. Embeddings are injected.
 */
import type { Sentence } from './sentences';
import { wordTokens } from './textNormalize';
import { cosineSimilarity, softmax, type Vector } from './vectors';

export const RETRIEVAL_SETTINGS = Object.freeze({
	/** Share of lexical overlap in a sentence's score; small embedding models miss exact drug names. */
	lexicalWeight: 0.25,
	/** Softmax temperature over label cosines: cosines from small models sit close together, so sharpen. */
	classificationTemperature: 0.05,
	/** Most labels a user may define; each is one embedding per run. */
	maxLabels: 20
});

/** Words that carry no content in a clinical question. */
const STOP_WORDS = new Set(
	(
		'a an and are as at be been by can could did do does for from had has have he her his how i if in ' +
		'is it its me my no not of on or she should that the their them there they this to was were what ' +
		'when where which who why will with would you your patient patients'
	).split(' ')
);

/** Crude plural folding so "doses" meets "dose" without a stemmer. */
function contentTerms(text: string): Set<string> {
	const terms = wordTokens(text)
		.filter((word) => !STOP_WORDS.has(word))
		.map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
	return new Set(terms);
}

/** Share of the question's content words that the sentence contains, in [0, 1]. */
export function lexicalOverlap(question: string, sentence: string): number {
	const asked = contentTerms(question);
	if (asked.size === 0) return 0;
	const present = contentTerms(sentence);
	let shared = 0;
	for (const term of asked) if (present.has(term)) shared++;
	return shared / asked.size;
}

export interface RankedSentence extends Sentence {
	/** Position in the input sentence list. */
	index: number;
	cosine: number;
	lexical: number;
	/** (1 - lexicalWeight) * cosine + lexicalWeight * lexical. */
	score: number;
}

export interface RankingInput {
	question: string;
	questionEmbedding: Vector;
	noteSentences: readonly Sentence[];
	/** One embedding per note sentence, same order. */
	sentenceEmbeddings: readonly Vector[];
	lexicalWeight?: number;
}

/**
 * Note sentences by descending score (ties keep note order).
 * @throws RangeError when the embedding count differs from the sentence count.
 */
export function rankNoteSentences(input: RankingInput): RankedSentence[] {
	const { noteSentences, sentenceEmbeddings } = input;
	if (noteSentences.length !== sentenceEmbeddings.length) {
		throw new RangeError(`${noteSentences.length} sentences but ${sentenceEmbeddings.length} embeddings.`);
	}
	const weight = input.lexicalWeight ?? RETRIEVAL_SETTINGS.lexicalWeight;
	const ranked = noteSentences.map((sentence, index) => {
		const cosine = cosineSimilarity(input.questionEmbedding, sentenceEmbeddings[index] ?? []);
		const lexical = lexicalOverlap(input.question, sentence.text);
		return { ...sentence, index, cosine, lexical, score: (1 - weight) * cosine + weight * lexical };
	});
	return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}

export interface RetrievedAnswer {
	/** The best-supported note sentence: `note.slice(start, end) === text`. */
	text: string;
	start: number;
	end: number;
	score: number;
	/** All note sentences, best first, for the "closest sentences" view. */
	ranked: RankedSentence[];
}

/** QA by retrieval: the best-scoring note sentence, or null when the note has no sentences. */
export function answerByRetrieval(input: RankingInput): RetrievedAnswer | null {
	const ranked = rankNoteSentences(input);
	const best = ranked[0];
	if (!best) return null;
	return { text: best.text, start: best.start, end: best.end, score: best.score, ranked };
}

export interface LabelDescription {
	label: string;
	/** What the label means; this text is embedded, so it should read like a note about that label. */
	description: string;
}

export interface LabelScore {
	label: string;
	/** Softmax probability over the labels given. */
	score: number;
	cosine: number;
}

export interface ClassificationInput {
	textEmbedding: Vector;
	labels: readonly LabelDescription[];
	/** One embedding per label description, same order. */
	labelEmbeddings: readonly Vector[];
	temperature?: number;
}

/**
 * Labels by descending probability: softmax of cosine(text, description) / temperature.
 * @throws RangeError when the embedding count differs from the label count.
 */
export function classifyByEmbedding(input: ClassificationInput): LabelScore[] {
	const { labels, labelEmbeddings } = input;
	if (labels.length !== labelEmbeddings.length) {
		throw new RangeError(`${labels.length} labels but ${labelEmbeddings.length} embeddings.`);
	}
	const cosines = labelEmbeddings.map((embedding) => cosineSimilarity(input.textEmbedding, embedding));
	const scores = softmax(cosines, input.temperature ?? RETRIEVAL_SETTINGS.classificationTemperature);
	return labels.map((l, i) => ({ label: l.label, score: scores[i] ?? 0, cosine: cosines[i] ?? 0 })).sort((a, b) => b.score - a.score);
}

/**
 * Labels from the user's text box, one per line as "label: description" or just "label" (then the
 * label is its own description). Blank lines and repeated labels are dropped; at most `maxLabels`.
 */
export function parseLabelLines(text: string): LabelDescription[] {
	const labels: LabelDescription[] = [];
	const seen = new Set<string>();
	for (const line of text.split(/\r?\n/u)) {
		const colon = line.indexOf(':');
		const label = (colon === -1 ? line : line.slice(0, colon)).trim();
		const description = colon === -1 ? label : line.slice(colon + 1).trim() || label;
		const key = label.toLowerCase();
		if (label === '' || seen.has(key)) continue;
		seen.add(key);
		labels.push({ label, description });
		if (labels.length === RETRIEVAL_SETTINGS.maxLabels) break;
	}
	return labels;
}

/** The inverse of `parseLabelLines`, for filling the text box. */
export function formatLabelLines(labels: readonly LabelDescription[]): string {
	return labels.map((l) => (l.description === l.label ? l.label : `${l.label}: ${l.description}`)).join('\n');
}
