/**
 * The chat prompt for an answer from the library: the passages numbered [1], [2], ... then the question, with a
 * system prompt asking for an answer that cites them. The wording is the `library_answer` task bedside/med-lm-2 is
 * trained on; other models get the same prompt (it is plain instructions). Passages come before the question so
 * that a prompt cut to fit the context (contextFit.ts keeps the end) keeps the question.
 */
import type { ChatMessage } from '../inference/protocol';
import type { Passage } from './passages';

export const LIBRARY_PROMPT_VERSION = 'bedside-library-v1';

export const LIBRARY_SYSTEM_PROMPT =
	'You are a careful medical assistant. Answer the question using only the numbered passages. After each sentence, cite the passage it comes from as [1], [2]. If the passages do not answer the question, say so.';

/** Passages in the prompt: three fit a 1,024-token model with room for the answer. */
export const PROMPT_PASSAGES = 3;

export function libraryUserMessage(question: string, passages: readonly Pick<Passage, 'title' | 'text'>[]): string {
	const numbered = passages.map((p, i) => `[${i + 1}] ${p.title}: ${p.text}`);
	return `Passages:\n${numbered.join('\n')}\n\nQuestion: ${question.trim()}`;
}

export function libraryMessages(question: string, passages: readonly Pick<Passage, 'title' | 'text'>[]): ChatMessage[] {
	return [
		{ role: 'system', content: LIBRARY_SYSTEM_PROMPT },
		{ role: 'user', content: libraryUserMessage(question, passages) }
	];
}

/** Bedside's own LMs answer from the library by default; any other model only when the user turns it on. */
export function isLibraryDefaultFor(modelId: string): boolean {
	return modelId.startsWith('bedside/');
}
