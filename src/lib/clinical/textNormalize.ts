/**
 * Text comparison helpers shared by grounding and retrieval. Matching must not be fooled by case,
 * invisible characters pasted from EHRs (zero-width spaces, BOMs, soft hyphens) or compatibility forms.
 */

/** Zero-width and formatting characters that render as nothing but break naive string equality. */
const INVISIBLE_CHARS = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;

/** Case-insensitive comparable form: NFKC, lower case, no invisible characters, single spaces. */
export function normalizeForMatch(text: string): string {
	return text.normalize('NFKC').replace(INVISIBLE_CHARS, '').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** `normalizeForMatch` without the punctuation at the ends that NER spans often carry ("aspirin,"). */
export function normalizeTerm(text: string): string {
	return normalizeForMatch(text).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

export function isWordChar(char: string | undefined): boolean {
	return char !== undefined && /[\p{L}\p{N}\p{M}]/u.test(char);
}

/** True when `term` occurs in `text` as whole words, so "ace" is not found in "replace". */
export function containsWholeTerm(text: string, term: string): boolean {
	if (term === '') return false;
	for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
		if (!isWordChar(text[at - 1]) && !isWordChar(text[at + term.length])) return true;
	}
	return false;
}

/** Lower-case word tokens (letters and digits), for lexical overlap. */
export function wordTokens(text: string): string[] {
	return normalizeForMatch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
