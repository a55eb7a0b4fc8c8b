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

export function toIndexed(passage: Passage, i: number): IndexedPassage {
	return { i, title: passage.title, question: passage.question, text: passage.text };
}

export function buildLexicalIndex(passages: readonly Passage[]): MiniSearch<IndexedPassage> {
	const index = new MiniSearch<IndexedPassage>(LEXICAL_OPTIONS);
	index.addAll(passages.map(toIndexed));
	return index;
}

/** Passage positions, best first (BM25+ order), at most `k`. */
export function lexicalSearch(index: MiniSearch<IndexedPassage>, query: string, k: number): number[] {
	return index
		.search(query, LEXICAL_SEARCH)
		.slice(0, k)
		.map((r) => Number(r.id));
}
