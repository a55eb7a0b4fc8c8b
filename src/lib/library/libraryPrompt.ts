/**
 * The chat prompt for an answer from the library, in the `library_answer` format bedside/med-lm-2 is trained on
 * (src/lib/eval/taskPrompts.json, shared with training/lm2_tasks.py): the system prompt, then the passages one a
 * line as "[1] text" (white space collapsed, each cut at a word to max_chars), the question, and the instruction
 * to cite. Other models get the same prompt (plain instructions). The passages come before the question, so a
 * prompt cut to fit the context (contextFit.ts keeps the end) keeps the question.
 */
import type { ChatMessage, CopySources } from '../inference/protocol';
import { truncateAtWord } from '../eval/prompts';
import taskPrompts from '../eval/taskPrompts.json';
import type { Passage } from './passages';

const TASK = taskPrompts.tasks.library_answer;

export const LIBRARY_PROMPT_VERSION = `${taskPrompts.version}/library_answer`;
export const LIBRARY_SYSTEM_PROMPT = taskPrompts.system;
/** As trained: at most this many characters of each passage go into the prompt (the card shows all of it). */
export const PROMPT_PASSAGE_CHARS = TASK.max_chars;
/** New tokens for a library answer, as trained. */
export const LIBRARY_MAX_NEW_TOKENS = TASK.max_new_tokens;

/** Passages in the prompt: med-lm-2 is trained on three (the answer's own and two others). */
export const PROMPT_PASSAGES = 3;

/** A passage's text with its white space collapsed to single spaces, as the prompt and the copy bias read it. */
function collapsed(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** One passage as the prompt shows it. */
export function promptPassage(text: string): string {
	return truncateAtWord(collapsed(text), PROMPT_PASSAGE_CHARS);
}

export function libraryUserMessage(question: string, passages: readonly Pick<Passage, 'text'>[]): string {
	const lines = passages.map((p, i) => `[${i + 1}] ${promptPassage(p.text)}`).join('\n');
	return TASK.user.replace('{passages}', () => lines).replace('{question}', () => question.trim());
}

export function libraryMessages(question: string, passages: readonly Pick<Passage, 'text'>[]): ChatMessage[] {
	return [
		{ role: 'system', content: LIBRARY_SYSTEM_PROMPT },
		{ role: 'user', content: libraryUserMessage(question, passages) }
	];
}

/**
 * What the answer leans on (inference/generation/copyBias.ts): each passage whole, not cut as in the prompt, so a
 * copy may run past the prompt's cut to the end of the sentence, which the passage card shows and the check reads.
 */
export function libraryCopySources(passages: readonly Pick<Passage, 'text'>[]): CopySources {
	return { texts: passages.map((p) => collapsed(p.text)) };
}

/** Bedside's own LMs answer from the library by default; any other model only when the user turns it on. */
export function isLibraryDefaultFor(modelId: string): boolean {
	return modelId.startsWith('bedside/');
}
