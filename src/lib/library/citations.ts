/**
 * Numbered citations in a library answer: "[1]", "[2, 3]", "[1][2]". The prompt numbers the passages from 1;
 * the answer's markers are parsed back into segments the view renders as text and buttons (never as HTML).
 */
export type AnswerSegment =
	| { kind: 'text'; text: string }
	/** `n` is 1-based; `isKnown` is false for a number with no passage behind it (the model made it up). */
	| { kind: 'cite'; n: number; isKnown: boolean; raw: string };

/** "[1]", "[ 2 ]", "[1, 3]", "[1;2]": digits separated by commas or semicolons inside square brackets. */
const MARKER = /\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]/g;

export function parseCitations(answer: string, passageCount: number): AnswerSegment[] {
	const segments: AnswerSegment[] = [];
	let last = 0;
	for (const match of answer.matchAll(MARKER)) {
		const start = match.index ?? 0;
		if (start > last) segments.push({ kind: 'text', text: answer.slice(last, start) });
		for (const part of (match[1] ?? '').split(/[,;]/)) {
			const n = Number(part.trim());
			segments.push({ kind: 'cite', n, isKnown: n >= 1 && n <= passageCount, raw: match[0] });
		}
		last = start + match[0].length;
	}
	if (last < answer.length) segments.push({ kind: 'text', text: answer.slice(last) });
	return segments;
}

/** The distinct passage numbers an answer (or one sentence of it) cites, in first-cited order, known ones only. */
export function citedNumbers(text: string, passageCount: number): number[] {
	const numbers: number[] = [];
	for (const segment of parseCitations(text, passageCount)) {
		if (segment.kind === 'cite' && segment.isKnown && !numbers.includes(segment.n)) numbers.push(segment.n);
	}
	return numbers;
}

/** The answer without its markers (for scoring and grounding), spaces before punctuation tidied. */
export function stripCitations(answer: string): string {
	return answer
		.replace(MARKER, '')
		.replace(/[ \t]+([.,;:!?])/g, '$1')
		.replace(/[ \t]{2,}/g, ' ')
		.trim();
}
