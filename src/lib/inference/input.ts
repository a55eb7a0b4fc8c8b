/**
 * Input checks shared by the UI (to explain before sending) and the worker handler (to refuse before a
 * model sees it). Bad input gets a clear message and the prompt is never lost.
 */
import type { Task } from '../models/catalogue';
import {
	MAX_COPY_SOURCES,
	MAX_LOGLIK_CONTINUATIONS,
	MAX_NEW_TOKENS_LIMIT,
	MAX_PROMPT_CHARS,
	MAX_TASK_TEXT_CHARS,
	MAX_TASK_TEXTS
} from './protocol';
import type { ChatMessage, CopySources, GenerationOptions, TaskInput } from './protocol';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls except tab and newline, and DEL: they carry no meaning in a prompt and confuse tokenizers.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

// Characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Normalises text for a tokenizer: NFC, no lone surrogates (U+FFFD instead), no control characters. */
export function cleanText(text: string): string {
	return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL_CHARS, '').normalize('NFC');
}

/** Returns a message saying what is wrong with the request, or null when it can run. */
export function checkRun(messages: ChatMessage[], options: GenerationOptions): string | null {
	const last = messages.at(-1);
	if (!last || last.role !== 'user') return 'The conversation must end with a user message.';
	const visible = cleanText(last.content).replace(INVISIBLE, '').trim();
	if (visible === '') {
		return last.content === '' || last.content.trim() === ''
			? 'Type a prompt first.'
			: 'The prompt has no visible characters (only control or zero-width ones). Type a prompt first.';
	}
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
	return checkSampling(options);
}

/** The optional sampling settings: absent means the model's own default. */
function checkSampling(options: GenerationOptions): string | null {
	const { topP, topK, repetitionPenalty, stop } = options;
	if (topP !== undefined && !(Number.isFinite(topP) && topP > 0 && topP <= 1)) return 'Top-p must be above 0 and at most 1.';
	if (topK !== undefined && !(Number.isInteger(topK) && topK >= 0 && topK <= 1000))
		return 'Top-k must be a whole number from 0 (off) to 1000.';
	if (repetitionPenalty !== undefined && !(Number.isFinite(repetitionPenalty) && repetitionPenalty >= 1 && repetitionPenalty <= 2)) {
		return 'Repetition penalty must be between 1 (off) and 2.';
	}
	if (
		stop !== undefined &&
		(!Array.isArray(stop) || stop.length > 8 || stop.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 64))
	) {
		return 'Give at most 8 stop texts of 1 to 64 characters.';
	}
	return options.copyFrom === undefined ? null : checkCopySources(options.copyFrom);
}

/** Copy sources (the library passages an answer leans on): a few texts of task size, strengths from 0 to 50. */
function checkCopySources(copy: CopySources): string | null {
	const { texts, follow, enter } = copy;
	if (
		!Array.isArray(texts) ||
		texts.length > MAX_COPY_SOURCES ||
		texts.some((t) => typeof t !== 'string' || t.length > MAX_TASK_TEXT_CHARS)
	) {
		return `Give at most ${MAX_COPY_SOURCES} source texts of at most ${MAX_TASK_TEXT_CHARS} characters to answer from.`;
	}
	if ([follow, enter].some((x) => x !== undefined && !(Number.isFinite(x) && x >= 0 && x <= 50))) {
		return 'Copy strengths must be between 0 (off) and 50.';
	}
	return null;
}

/** The copy sources of a request, cleaned as its prompt is. */
export function cleanCopySources(copy: CopySources | undefined): { copyFrom?: CopySources } {
	return copy === undefined ? {} : { copyFrom: { ...copy, texts: copy.texts.map(cleanText) } };
}

/** Returns a message saying what is wrong with an `infer` request's input, or null when it can run. */
export function checkTask(input: TaskInput): string | null {
	if (typeof input !== 'object' || input === null) return 'The task input is missing.';
	if (input.kind === 'loglik') {
		const last = input.messages.at(-1);
		if (!last || last.role !== 'user') return 'The conversation to score must end with a user message.';
		const chars = input.messages.reduce((n, m) => n + m.content.length, 0);
		if (chars > MAX_PROMPT_CHARS) return `The prompt is ${chars} characters long; the limit is ${MAX_PROMPT_CHARS}.`;
		const n = input.continuations.length;
		if (n < 1 || n > MAX_LOGLIK_CONTINUATIONS) {
			return `Give from 1 to ${MAX_LOGLIK_CONTINUATIONS} continuations to score (got ${n}).`;
		}
		if (input.continuations.some((c) => typeof c !== 'string' || c === '')) return 'A continuation to score is empty.';
		const long = input.continuations.find((c) => c.length > MAX_TASK_TEXT_CHARS);
		if (long !== undefined) return `A continuation is ${long.length} characters long; the limit is ${MAX_TASK_TEXT_CHARS}.`;
		return null;
	}
	if (input.kind === 'generate') {
		const last = input.messages.at(-1);
		if (!last || last.role !== 'user') return 'The conversation to answer must end with a user message.';
		const chars = input.messages.reduce((n, m) => n + m.content.length, 0);
		if (chars > MAX_PROMPT_CHARS) return `The prompt is ${chars} characters long; the limit is ${MAX_PROMPT_CHARS}.`;
		const n = input.maxNewTokens;
		if (!Number.isInteger(n) || n < 1 || n > MAX_NEW_TOKENS_LIMIT)
			return `Max new tokens must be a whole number from 1 to ${MAX_NEW_TOKENS_LIMIT}.`;
		const penalty = input.repetitionPenalty;
		if (penalty !== undefined && !(Number.isFinite(penalty) && penalty >= 1 && penalty <= 2))
			return 'The repetition penalty must be between 1 (none) and 2.';
		return input.copyFrom === undefined ? null : checkCopySources(input.copyFrom);
	}
	if (input.kind !== 'token-classification' && input.kind !== 'embed' && input.kind !== 'sequence-classification') {
		return `Unknown task kind "${String((input as { kind?: unknown }).kind)}".`;
	}
	const { texts } = input;
	if (!Array.isArray(texts) || texts.length === 0) return 'Give at least one text.';
	if (texts.length > MAX_TASK_TEXTS) return `${texts.length} texts in one request; the limit is ${MAX_TASK_TEXTS}.`;
	const index = texts.findIndex((t) => typeof t !== 'string' || t.length > MAX_TASK_TEXT_CHARS);
	if (index >= 0) return `Text ${index + 1} is not a string of at most ${MAX_TASK_TEXT_CHARS} characters.`;
	return null;
}

/** The catalogue task a task input needs. */
export function taskForInput(kind: TaskInput['kind']): Task {
	if (kind === 'sequence-classification') return 'text-classification';
	return kind === 'token-classification' ? 'token-classification' : kind === 'embed' ? 'feature-extraction' : 'text-generation';
}

/** Cleans every text of a task input for a tokenizer (see `cleanText`). */
export function cleanTask(input: TaskInput): TaskInput {
	if (input.kind === 'loglik') {
		return {
			kind: 'loglik',
			messages: input.messages.map((m) => ({ ...m, content: cleanText(m.content) })),
			continuations: input.continuations.map(cleanText)
		};
	}
	if (input.kind === 'generate') {
		const penalty = input.repetitionPenalty === undefined ? {} : { repetitionPenalty: input.repetitionPenalty };
		const stop = input.stop === undefined ? {} : { stop: input.stop };
		return {
			kind: 'generate',
			messages: input.messages.map((m) => ({ ...m, content: cleanText(m.content) })),
			maxNewTokens: input.maxNewTokens,
			...stop,
			...penalty,
			...cleanCopySources(input.copyFrom)
		};
	}
	return { kind: input.kind, texts: input.texts.map(cleanText) };
}
