/**
 * Turns NER model output into entity spans with character offsets in the original note, so the UI can
 * highlight the note itself and grounding can compare entities. Transformers.js's token-classification
 * pipeline gives neither offsets (`start`/`end` are unset) nor word-aware grouping, and it drops 'O'
 * tokens, so offsets are recovered here by finding each token in the text in order.
 *
 * Works for any BIO/BIOES label set: bedside/ner-bc5cdr (Chemical, Disease) and
 * d4data/biomedical-ner-all (Sign_symptom, Medication, ...). Uncased models are matched case- and
 * accent-insensitively as a fallback.
 */

import type { TokenPrediction } from '../inference/protocol';

export type { TokenPrediction };

/** A tag for one whole word of a pre-tokenized sentence (the model labelled each word's first piece). */
export interface WordTag {
	word: string;
	tag: string;
	score: number;
}

export interface EntitySpan {
	/** Entity type without the BIO prefix, e.g. 'Chemical' or 'Sign_symptom'. */
	type: string;
	/** Exactly `text.slice(start, end)` of the source text. */
	text: string;
	start: number;
	end: number;
	/** Mean score of the tokens (or words) in the span. */
	score: number;
	tokenCount: number;
}

export interface EntityExtraction {
	entities: EntitySpan[];
	/** Tokens or words that could not be found in the text (their labels are lost). */
	unaligned: string[];
}

export type TagPrefix = 'B' | 'I' | 'E' | 'S' | 'O';

export interface ParsedTag {
	prefix: TagPrefix;
	type: string;
}

/** 'B-Chemical' -> B/Chemical. A label without a known prefix counts as inside-of its own type. */
export function parseTag(label: string): ParsedTag {
	if (label === 'O' || label === '') return { prefix: 'O', type: '' };
	const match = /^([BIES])[-_](.+)$/.exec(label);
	if (match?.[1] && match[2]) return { prefix: match[1] as TagPrefix, type: match[2] };
	return { prefix: 'I', type: label };
}

/** 'Sign_symptom' -> 'Sign symptom', for display. */
export function formatEntityType(type: string): string {
	return type.replace(/_/g, ' ');
}

// Character classes of the BERT pre-tokenizer (see training/toktrain.py): words split on whitespace
// and on every punctuation character; ASCII symbols count as punctuation, other symbols do not.
function isSpace(char: string | undefined): boolean {
	return char !== undefined && /\s/u.test(char);
}

function isPunct(char: string | undefined): boolean {
	if (char === undefined) return false;
	const code = char.charCodeAt(0);
	const isAsciiSymbol =
		(code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
	return isAsciiSymbol || /\p{P}/u.test(char);
}

/** Characters the tokenizer's normalizer deletes (controls, zero-width and format characters). */
function isIgnorable(char: string | undefined): boolean {
	return char !== undefined && !isSpace(char) && /[\p{Cc}\p{Cf}]/u.test(char);
}

function isWordBoundaryBefore(text: string, pos: number): boolean {
	const before = text[pos - 1];
	return pos === 0 || isSpace(before) || isPunct(before) || isIgnorable(before) || isPunct(text[pos]);
}

function isWordBoundaryAfter(text: string, end: number): boolean {
	const after = text[end];
	return end >= text.length || isSpace(after) || isPunct(after) || isPunct(text[end - 1]);
}

/** Case- and accent-free form of one character, for uncased tokenizers. */
function foldChar(char: string): string {
	return char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function isSkippable(char: string | undefined, fold: boolean): boolean {
	return isIgnorable(char) || (fold && char !== undefined && /\p{M}/u.test(char));
}

/**
 * End offset if `piece` matches the text at `pos`, else -1. Skips characters the tokenizer deleted
 * (and, when folding, combining accents) inside the match.
 */
function matchAt(text: string, pos: number, piece: string, fold: boolean): number {
	let at = pos;
	for (const expected of piece) {
		while (at > pos && isSkippable(text[at], fold)) at++;
		const code = text.codePointAt(at);
		if (code === undefined) return -1;
		const actual = String.fromCodePoint(code);
		const isSame = fold ? foldChar(actual) === foldChar(expected) : actual === expected;
		if (!isSame) return -1;
		at += actual.length;
	}
	return at;
}

interface Located {
	start: number;
	end: number;
}

/** Earliest match at or after `from`; exact beats folded only at the same position. */
function findPiece(text: string, from: number, piece: string, isAcceptable: (start: number, end: number) => boolean): Located | null {
	for (let pos = from; pos < text.length; pos++) {
		if (isSpace(text[pos]) || isIgnorable(text[pos])) continue;
		for (const fold of [false, true]) {
			const end = matchAt(text, pos, piece, fold);
			if (end !== -1 && isAcceptable(pos, end)) return { start: pos, end };
		}
	}
	return null;
}

/** A token or word located in the text, ready for BIO grouping. */
interface AlignedUnit extends Located, ParsedTag {
	score: number;
	/** Directly follows the previous unit (next token index, or next word). */
	isAdjacent: boolean;
	/** A '##' piece that continues the previous unit's word. */
	continuesWord: boolean;
}

interface OpenEntity extends Located {
	type: string;
	scoreSum: number;
	tokenCount: number;
}

/** BIO(ES) grouping with repair: a stray I- or E- opens an entity; '##' pieces stay with their word. */
function groupUnits(units: readonly AlignedUnit[]): OpenEntity[] {
	const groups: OpenEntity[] = [];
	let open: OpenEntity | null = null;
	for (const unit of units) {
		if (unit.prefix === 'O') {
			open = null;
			continue;
		}
		const continuesType = (unit.prefix === 'I' || unit.prefix === 'E') && unit.type === open?.type;
		if (open && unit.isAdjacent && (unit.continuesWord || continuesType)) {
			open.end = unit.end;
			open.scoreSum += unit.score;
			open.tokenCount += 1;
		} else {
			open = {
				start: unit.start,
				end: unit.end,
				type: unit.type,
				scoreSum: unit.score,
				tokenCount: 1
			};
			groups.push(open);
		}
		if (unit.prefix === 'E' || unit.prefix === 'S') open = null;
	}
	return groups;
}

/**
 * Widens spans to whole words (a dropped 'O' piece can cut a word) and merges spans that then overlap;
 * the merged span keeps the earlier type and averages all token scores.
 */
function toWholeWordSpans(text: string, groups: readonly OpenEntity[]): EntitySpan[] {
	const merged: OpenEntity[] = [];
	for (const group of groups) {
		let { start, end } = group;
		while (start > 0 && !isWordBoundaryBefore(text, start)) start--;
		while (end < text.length && !isWordBoundaryAfter(text, end)) end++;
		const last = merged.at(-1);
		if (last && start < last.end) {
			last.end = Math.max(last.end, end);
			last.scoreSum += group.scoreSum;
			last.tokenCount += group.tokenCount;
		} else {
			merged.push({ ...group, start, end });
		}
	}
	return merged.map((g) => ({
		type: g.type,
		text: text.slice(g.start, g.end),
		start: g.start,
		end: g.end,
		score: g.scoreSum / g.tokenCount,
		tokenCount: g.tokenCount
	}));
}

/** Entity spans from Transformers.js token-classification output for `text`. */
export function entitiesFromTokens(text: string, tokens: readonly TokenPrediction[]): EntityExtraction {
	const sorted = [...tokens].sort((a, b) => a.index - b.index);
	const units: AlignedUnit[] = [];
	const unaligned: string[] = [];
	let cursor = 0;
	let previous: { index: number; end: number } | null = null;
	sorted.forEach((token, i) => {
		const isPiece = token.word.startsWith('##') && token.word.length > 2;
		const piece = isPiece ? token.word.slice(2) : token.word;
		const isAdjacent = previous !== null && token.index === previous.index + 1;
		const next = sorted[i + 1];
		const nextIsNewWord = next?.index === token.index + 1 && !next.word.startsWith('##');
		const located = isPiece && isAdjacent && previous ? findPiece(text, previous.end, piece, (start) => start === previous?.end) : null;
		const found =
			located ??
			findPiece(
				text,
				cursor,
				piece,
				(start, end) => (isPiece || isWordBoundaryBefore(text, start)) && (!nextIsNewWord || isWordBoundaryAfter(text, end))
			);
		if (!found || piece === '') {
			unaligned.push(token.word);
			previous = null;
			return;
		}
		units.push({
			...found,
			...parseTag(token.entity),
			score: token.score,
			isAdjacent,
			continuesWord: isPiece && isAdjacent && found.start === previous?.end
		});
		cursor = found.end;
		previous = { index: token.index, end: found.end };
	});
	return { entities: toWholeWordSpans(text, groupUnits(units)), unaligned };
}

export interface WordOffset {
	word: string;
	start: number;
	end: number;
}

/** BERT-style pre-tokenization with offsets: split on whitespace and on every punctuation char. */
export function preTokenizeWords(text: string): WordOffset[] {
	const words: WordOffset[] = [];
	let start = -1;
	const close = (end: number) => {
		if (start !== -1) words.push({ word: text.slice(start, end), start, end });
		start = -1;
	};
	for (let pos = 0; pos < text.length; pos++) {
		const char = text[pos];
		if (isSpace(char)) {
			close(pos);
		} else if (isPunct(char)) {
			close(pos);
			words.push({ word: char ?? '', start: pos, end: pos + 1 });
		} else if (start === -1) {
			start = pos;
		}
	}
	close(text.length);
	return words;
}
