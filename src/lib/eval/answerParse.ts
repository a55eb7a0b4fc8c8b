/**
 * Reads an answer out of free generated text (the optional generative mode). Cues are tried from most to least
 * explicit; the first kind of cue that is present decides, and if it names two different answers the result is
 * null: a wrong guess would be worse than an honest "could not read an answer".
 */
import { YES_NO_ANSWERS, type YesNoAnswer } from './schema';

export interface LetterParseOptions {
	/** Option texts by letter; enables matching the option text when no letter is given. */
	options?: Readonly<Record<string, string>>;
	/** Allowed letters; defaults to the keys of `options`, else A-D. */
	letters?: readonly string[];
}

const DEFAULT_LETTERS = ['A', 'B', 'C', 'D'];
// Between a cue word and the answer: spaces, colons, dashes, markdown bold, an opening bracket or quote.
const GAP = String.raw`(?:\s|[:=\-–—*_"'“(\[])*`;
const ANSWER_CUE = String.raw`\b(?:answer|answers)\b(?:\s+(?:is|would be|will be|should be|must be))?`;
const CHOICE_CUE = String.raw`\b(?:correct|right|best)\s+(?:option|choice)\b(?:\s+(?:is|would be))?|\b(?:choose|select|pick|go with)\b(?:\s+(?:option|choice))?`;

/** The option letter a response commits to, or null when it names none or several. */
export function parseOptionLetter(text: string, parseOptions: LetterParseOptions = {}): string | null {
	const letters = parseOptions.letters ?? (parseOptions.options ? Object.keys(parseOptions.options) : DEFAULT_LETTERS);
	const set = letters.join('');
	const response = text.normalize('NFKC');
	const tiers: (() => string[])[] = [
		() => matches(response, new RegExp(String.raw`^[\s\p{P}*_]*([${set}])[\s\p{P}*_]*$`, 'iu')),
		() => explicitLetters(response, set),
		() => matches(response, new RegExp(String.raw`^[ \t]*(?:[-*>][ \t]*)?(?:\*\*|__)?[(\[]?([${set}])(?:[)\].:]|\*\*|__)`, 'gmu')),
		() => matches(response, new RegExp(String.raw`(?:\*\*|__)\s*\(?([${set}])\)?[.:]?\s*(?:\*\*|__)|\(([${set}])\)`, 'gu')),
		() => optionTextLetters(response, parseOptions.options ?? {})
	];
	return firstDecisive(tiers);
}

/** yes / no / maybe from a response, or null when it gives none or several. */
export function parseYesNoMaybe(text: string): YesNoAnswer | null {
	const response = text.normalize('NFKC');
	const words = YES_NO_ANSWERS.join('|');
	const tiers: (() => string[])[] = [
		() => matches(response, new RegExp(String.raw`^[\s\p{P}*_]*(${words})[\s\p{P}*_]*$`, 'iu')),
		() => matches(response, new RegExp(String.raw`${ANSWER_CUE}${GAP}(${words})\b`, 'giu')),
		() => leadingWordOfFirstSentence(response, words),
		// Anywhere in the text, except "no" that is not a sentence of its own ("no evidence" is not an answer).
		() => matches(response, new RegExp(String.raw`\b(yes|maybe)\b|(?:^|[.!?]\s+)(no)\b(?=[,.!;:]|\s*$)`, 'gimu'))
	];
	return firstDecisive(tiers) as YesNoAnswer | null;
}

/** The first tier that finds anything decides: one distinct answer wins, several mean ambiguous. */
function firstDecisive(tiers: readonly (() => string[])[]): string | null {
	for (const tier of tiers) {
		const found = new Set(tier());
		if (found.size === 1) return [...found][0]!;
		if (found.size > 1) return null;
	}
	return null;
}

/** Every captured group of every match, normalised: letters upper-case, words lower-case. */
function matches(text: string, pattern: RegExp): string[] {
	const found: string[] = [];
	const all = pattern.global ? [...text.matchAll(pattern)] : [text.match(pattern)].filter((m) => m !== null);
	for (const match of all) {
		const value = match.slice(1).find((group) => group !== undefined);
		if (value !== undefined) found.push(value.length === 1 ? value.toUpperCase() : value.toLowerCase());
	}
	return found;
}

/**
 * "The answer is (B)", "answer: d", "I would choose C". A lower-case letter counts only when it cannot be the
 * article "a" or a word: bracketed, or followed by a closing mark or the end of the line. "B or C" is a hedge.
 */
function explicitLetters(text: string, set: string): string[] {
	const pattern = new RegExp(String.raw`(?:${ANSWER_CUE}|${CHOICE_CUE})${GAP}([${set}])(?![\p{L}\p{N}])`, 'giu');
	const hedge = new RegExp(String.raw`^\s*(?:or|and|/|,)\s*\(?([${set}])(?![\p{L}\p{N}])`, 'u');
	const found: string[] = [];
	for (const match of text.matchAll(pattern)) {
		const letter = match[1]!;
		const end = match.index + match[0].length;
		const before = text[end - 2] ?? '';
		const after = text.slice(end);
		const isLowerCase = letter !== letter.toUpperCase();
		if (isLowerCase && !/[(\[]/.test(before) && !/^(?:[)\]*]|[.:,;!]?[ \t]*(?:\n|$))/.test(after)) continue;
		found.push(letter.toUpperCase());
		// The hedged second letter joins the findings, so "B or C" comes out ambiguous.
		const hedged = hedge.exec(after)?.[1];
		if (hedged) found.push(hedged);
	}
	return found;
}

/**
 * Letters whose option text appears in the response as whole words. An option whose text lies inside another
 * matched option ("Aspirin" in "Aspirin and heparin") gives way to the longer one.
 */
function optionTextLetters(text: string, options: Readonly<Record<string, string>>): string[] {
	const response = ` ${normaliseWords(text)} `;
	const hits = Object.entries(options)
		.map(([letter, optionText]) => ({ letter, words: normaliseWords(optionText) }))
		.filter(({ words }) => words !== '' && response.includes(` ${words} `));
	return hits
		.filter((hit) => !hits.some((other) => other !== hit && other.words.length > hit.words.length && ` ${other.words} `.includes(` ${hit.words} `)))
		.map((hit) => hit.letter);
}

function leadingWordOfFirstSentence(text: string, words: string): string[] {
	const firstSentence = text.trimStart().split(/[.!?\n]/)[0] ?? '';
	if (!new RegExp(String.raw`^[\s*_"'“(]*(${words})\b`, 'iu').test(firstSentence)) return [];
	return matches(firstSentence, new RegExp(String.raw`\b(${words})\b`, 'giu'));
}

function normaliseWords(text: string): string {
	return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}
