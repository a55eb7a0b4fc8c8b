/**
 * The lexical half of retrieval: MiniSearch (BM25+ scoring) over passages. The build script and the browser
 * share these options, since a serialized index can only be loaded with the options it was built with.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import type { Passage } from './passages';

/** What MiniSearch indexes for one passage; `i` is the passage's position in the library's array. */
export interface IndexedPassage {
	i: number;
	title: string;
	question: string;
	text: string;
}

/** Words too common in questions and answers to tell passages apart. */
const STOP_WORDS = new Set(
	'a an and are as at be by can do does for from has have how i if in is it its of on or that the their this to was what when which who why will with you your (are) are'.split(
		' '
	)
);

export const LEXICAL_OPTIONS: Options<IndexedPassage> = {
	idField: 'i',
	fields: ['title', 'question', 'text'],
	storeFields: [],
	processTerm: (term) => {
		const lower = term.toLowerCase();
		return STOP_WORDS.has(lower) || lower.length === 0 ? null : lower;
	}
};

/** The title and the question say what a passage is about; matches there count more than in its text. */
export const LEXICAL_SEARCH: SearchOptions = { boost: { title: 2, question: 1.5 }, combineWith: 'OR' };

/**
 * The built library is searched on its passages' titles and questions only: every MedQuAD passage answers a known
 * question, and matching that question ranks better than matching the text, whose common words (people, affected,
 * genetic, changes) each match thousands of passages and made a search take 100-400 ms. On 200 train questions
 * with their pair kept, hybrid recall@5 0.960 -> 0.970; on 100 dev questions left out, the top passage's ROUGE-L
 * 0.186 -> 0.198 (README, Medical library). The user's documents have no questions: their text is searched.
 */
export const LIBRARY_SEARCH: SearchOptions = { ...LEXICAL_SEARCH, fields: ['title', 'question'] };

export function toIndexed(passage: Passage, i: number): IndexedPassage {
	return { i, title: passage.title, question: passage.question, text: passage.text };
}

export function buildLexicalIndex(passages: readonly Passage[]): MiniSearch<IndexedPassage> {
	const index = new MiniSearch<IndexedPassage>(LEXICAL_OPTIONS);
	index.addAll(passages.map(toIndexed));
	return index;
}
