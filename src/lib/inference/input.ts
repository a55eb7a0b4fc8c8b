/**
 * Input checks shared by the UI (to explain before sending) and the worker handler (to refuse before a
 * model sees it). Bad input gets a clear message and the prompt is never lost.
 */
import { MAX_NEW_TOKENS_LIMIT, MAX_PROMPT_CHARS } from './protocol';
import type { ChatMessage, GenerationOptions } from './protocol';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except tab and newline, and DEL: they carry no meaning in a prompt and confuse tokenizers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** Normalises text for a tokenizer: NFC, no lone surrogates (U+FFFD instead), no control characters. */
export function cleanText(text: string): string {
	return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL_CHARS, '').normalize('NFC');
}

/** Returns a message saying what is wrong with the request, or null when it can run. */
export function checkRun(messages: ChatMessage[], options: GenerationOptions): string | null {
	const last = messages.at(-1);
	if (!last || last.role !== 'user') return 'The conversation must end with a user message.';
	if (cleanText(last.content).trim() === '') return 'Type a prompt first.';
	const chars = messages.reduce((n, m) => n + m.content.length, 0);
	if (chars > MAX_PROMPT_CHARS) {
		return `The conversation is ${chars} characters long; the limit is ${MAX_PROMPT_CHARS}. Shorten the prompt or clear the chat.`;
	}
	const n = options.maxNewTokens;
	if (!Number.isInteger(n) || n < 1 || n > MAX_NEW_TOKENS_LIMIT) {
		return `Max new tokens must be a whole number from 1 to ${MAX_NEW_TOKENS_LIMIT}.`;
	}
	const min = options.minNewTokens ?? 0;
	if (!Number.isInteger(min) || min < 0 || min > n) return 'Min new tokens must be a whole number from 0 to max new tokens.';
	const t = options.temperature;
	if (!Number.isFinite(t) || t < 0 || t > 2) return 'Temperature must be between 0 (greedy) and 2.';
	return null;
}
