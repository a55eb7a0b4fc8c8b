/**
 * Long notes reach the lightweight models whole: no sentence is cut or skipped.
 * - A sentence longer than the NER model's window (512 tokens; MAX_PIECE_CHARS keeps a piece well inside it
 *   even for text that tokenizes one token per character) is split into pieces at spaces, each with its own
 *   offsets, so the entities at the end of a 7,400-character sentence are found too.
 * - Requests to the worker carry at most MAX_TASK_TEXTS texts: `inBatches` sends as many as needed.
 */
import { MAX_TASK_TEXTS } from '../inference/protocol';
import type { Sentence } from './sentences';

export const MAX_PIECE_CHARS = 400;

/** `sentences` with each one longer than `maxChars` split at the last space before the limit (or at it). */
export function splitLongSentences(sentences: readonly Sentence[], maxChars = MAX_PIECE_CHARS): Sentence[] {
	const pieces: Sentence[] = [];
	for (const sentence of sentences) {
		let from = 0;
		const { text } = sentence;
		while (text.length - from > maxChars) {
			const space = text.lastIndexOf(' ', from + maxChars);
			const to = space > from + maxChars / 2 ? space : from + maxChars;
			pieces.push({ text: text.slice(from, to), start: sentence.start + from, end: sentence.start + to });
			from = to;
			while (text[from] === ' ') from++;
		}
		if (from < text.length) pieces.push({ text: text.slice(from), start: sentence.start + from, end: sentence.end });
	}
	return pieces;
}

/** Runs `run` on consecutive batches of at most `size` items and concatenates the results, with the summed time. */
export async function inBatches<T, R>(
	items: readonly T[],
	run: (batch: T[]) => Promise<{ results: R[]; ms: number }>,
	size = MAX_TASK_TEXTS
): Promise<{ results: R[]; ms: number }> {
	const results: R[] = [];
	let ms = 0;
	for (let i = 0; i < items.length; i += size) {
		const out = await run(items.slice(i, i + size));
		results.push(...out.results);
		ms += out.ms;
	}
	return { results, ms };
}
