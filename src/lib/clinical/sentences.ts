/**
 * Sentence splitter for clinical text, with character offsets so sentences can be highlighted in the
 * note. Clinical notes break general-purpose splitters: abbreviations ("Dr.", "e.g.", "b.i.d."),
 * decimals ("2.5 mg"), numbered lists ("1. Metformin") and lines without final punctuation
 * ("BP 150/90" then a bullet). Newlines and bullets are boundaries unless a line is hard-wrapped.
 */

export interface Sentence {
	/** Exactly `source.slice(start, end)`, without surrounding space or a leading list marker. */
	text: string;
	start: number;
	end: number;
}

/** Abbreviations that precede more of the same sentence even when a capital follows ("Dr. Lee"). */
const NON_FINAL_ABBREVIATIONS = new Set('dr mr mrs ms prof st sr e.g eg i.e ie cf vs viz approx fig ref incl ca al'.split(' '));

const TERMINALS = new Set(['.', '!', '?', '…', '。', '！', '？', '؟', '।']);
/** Characters that close a sentence after its final punctuation: `(see above.)`, `"stop."`. */
const CLOSERS = new Set([')', ']', '}', '"', "'", '”', '’', '»']);
/** Line separators beyond \n: \r (handled with \n), NEL, LINE and PARAGRAPH SEPARATOR. */
const NEWLINES = /[\n\r\u0085\u2028\u2029]/u;
/** A leading bullet or list number: "- ", "• ", "1. ", "2) ", "a) ", "(3) ". */
const LIST_MARKER = /^(?:[-*•◦▪‣–—·+>]|\(?\d{1,3}[.)]|\(?[a-zA-Z][)]|\([a-zA-Z]\))(?=\s)/u;
/** Invisible or spacing characters trimmed from sentence edges. */
const EDGE_SPACE = /[\s\u200B-\u200D\u2060\uFEFF]/u;

function isNewline(char: string | undefined): boolean {
	return char !== undefined && NEWLINES.test(char);
}

function isLowercase(char: string | undefined): boolean {
	return char !== undefined && /\p{Ll}/u.test(char);
}

/** The word just before `dot` (letters, digits and inner dots), lower-cased: "b.i.d", "dr", "2". */
function wordBefore(text: string, dot: number): string {
	let start = dot;
	while (start > 0 && /[\p{L}\p{N}.]/u.test(text[start - 1] ?? '')) start--;
	return text.slice(start, dot).toLowerCase();
}

/** True when a number at `to` opens a list item: at the segment start or right after a colon. */
function isAtItemStart(text: string, from: number, to: number): boolean {
	const before = text.slice(from, to);
	return /^[\s•\-*]*$/u.test(before) || /[:;]\s*$/u.test(before);
}

function skipSpaces(text: string, pos: number): number {
	let at = pos;
	while (at < text.length && EDGE_SPACE.test(text[at] ?? '') && !isNewline(text[at])) at++;
	return at;
}

/** Where the line after the newline at `pos` starts (a \r\n pair is one newline). */
function nextLineStart(text: string, pos: number): number {
	return text[pos] === '\r' && text[pos + 1] === '\n' ? pos + 2 : pos + 1;
}

/** A single newline inside a sentence that was hard-wrapped: no final punctuation, next line lower case. */
function isHardWrap(text: string, newline: number, segmentStart: number): boolean {
	const before = text.slice(segmentStart, newline).trimEnd();
	const lastChar = before.at(-1);
	if (lastChar === undefined || TERMINALS.has(lastChar) || lastChar === ':' || lastChar === ';') return false;
	const lineStart = skipSpaces(text, nextLineStart(text, newline));
	const rest = text.slice(lineStart);
	return isLowercase(rest[0]) && !LIST_MARKER.test(rest);
}

/** The word starting at `pos` (up to the next space). */
function nextWord(text: string, pos: number): string {
	return /^\S*/u.exec(text.slice(pos, pos + 40))?.[0] ?? '';
}

/** A word that continues a sentence: starts lower case and is not a mixed-case term like "eGFR" or "pH". */
function isContinuationWord(word: string): boolean {
	return isLowercase(word[0]) && !/\p{Lu}/u.test(word);
}

/** Decides whether a '.' ends a sentence, given the first word after it. */
function isSentenceFinalDot(text: string, dot: number, segmentStart: number, next: string): boolean {
	const word = wordBefore(text, dot);
	if (NON_FINAL_ABBREVIATIONS.has(word)) return false;
	const isListNumber = /^\d{1,3}$/u.test(word) && isAtItemStart(text, segmentStart, dot - word.length);
	if (isListNumber) return false;
	// A lower-case continuation means an abbreviation or unit ("500 mg. daily", "b.i.d. with meals").
	return !isContinuationWord(next);
}

/** End offsets (exclusive) of the raw segments of `text`. */
function segmentEnds(text: string): number[] {
	const ends: number[] = [];
	let segmentStart = 0;
	const cut = (at: number) => {
		ends.push(at);
		segmentStart = at;
	};
	for (let pos = 0; pos < text.length; pos++) {
		const char = text[pos] ?? '';
		if (isNewline(char)) {
			if (!isHardWrap(text, pos, segmentStart)) cut(pos);
			pos = nextLineStart(text, pos) - 1;
			continue;
		}
		if (!TERMINALS.has(char)) continue;
		let end = pos + 1;
		while (end < text.length && (TERMINALS.has(text[end] ?? '') || CLOSERS.has(text[end] ?? ''))) end++;
		const after = text[end];
		const isFollowedBySpace = end >= text.length || EDGE_SPACE.test(after ?? '');
		const run = text.slice(pos, end).replace(/[)\]}"'”’»]+$/u, '');
		const next = nextWord(text, skipSpaces(text, end));
		if (run === '.') {
			const isFinal = isFollowedBySpace ? isSentenceFinalDot(text, pos, segmentStart, next) : isGluedSentenceEnd(text, pos, after);
			if (isFinal) cut(end);
		} else if (/^[.…]+$/u.test(run)) {
			// An ellipsis ends a sentence only when something other than lower case follows.
			if (isFollowedBySpace && !isContinuationWord(next)) cut(end);
		} else if (isFollowedBySpace || /[。！？]/u.test(run)) {
			cut(end);
		}
		pos = end - 1;
	}
	ends.push(text.length);
	return ends;
}

/** "stable.Plan" (no space): a sentence end only after a real lower-case word, never "e.g.Metformin". */
function isGluedSentenceEnd(text: string, dot: number, after: string | undefined): boolean {
	return after !== undefined && /\p{Lu}/u.test(after) && /\p{Ll}{2,}$/u.test(text.slice(Math.max(0, dot - 3), dot));
}

/** Trims space and a leading list marker; null when nothing readable is left. */
function toSentence(text: string, start: number, end: number): Sentence | null {
	let from = start;
	let to = end;
	while (from < to && EDGE_SPACE.test(text[from] ?? '')) from++;
	while (to > from && EDGE_SPACE.test(text[to - 1] ?? '')) to--;
	const marker = LIST_MARKER.exec(text.slice(from, to));
	if (marker) {
		from += marker[0].length;
		while (from < to && EDGE_SPACE.test(text[from] ?? '')) from++;
	}
	const sentence = text.slice(from, to);
	if (!/[\p{L}\p{N}]/u.test(sentence)) return null;
	return { text: sentence, start: from, end: to };
}

/** Splits `text` into sentences in order; every sentence's offsets point into `text`. */
export function splitSentences(text: string): Sentence[] {
	const sentences: Sentence[] = [];
	let start = 0;
	for (const end of segmentEnds(text)) {
		const sentence = toSentence(text, start, end);
		if (sentence) sentences.push(sentence);
		start = end;
	}
	return sentences;
}
