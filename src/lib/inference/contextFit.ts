/**
 * Fits a chat prompt into a model's context window. A conversation that would not leave room for the answer loses
 * its earliest turns first (the model sees the latest exchange); a single message still too long is cut to the
 * last tokens of its final user message (where a pasted note's question usually is), and the run reports it
 * so the UI can say so. Pure, with the tokenizer passed in, so it is unit-tested without a model.
 */
import type { ChatMessage } from './protocol';

export interface ContextTokenizer {
	/** Token count of the whole prompt as the model sees it (chat template, generation prompt). */
	promptTokens(messages: ChatMessage[]): number;
	encode(text: string): number[];
	decode(ids: number[]): string;
}

/** What a run reports when its prompt was cut or its answer budget shrunk. */
export interface Truncation {
	/** Prompt tokens as typed. */
	promptTokens: number;
	/** Prompt tokens the model saw. */
	keptTokens: number;
	contextTokens: number;
	/** New tokens the run was allowed (may be below the requested maximum). */
	maxNewTokens: number;
	/** Earlier messages of the conversation left out to make room (absent: none). */
	droppedMessages?: number;
	/** Whether the last message itself was cut to its last tokens. */
	isPromptCut?: boolean;
}

export interface FittedPrompt {
	messages: ChatMessage[];
	maxNewTokens: number;
	truncation?: Truncation;
}

/** At least this share of the context stays for the prompt when max new tokens asks for all of it. */
const MIN_PROMPT_SHARE = 0.5;

export function fitToContext(
	messages: ChatMessage[],
	maxNewTokens: number,
	contextTokens: number,
	tokenizer: ContextTokenizer
): FittedPrompt {
	const total = tokenizer.promptTokens(messages);
	const newTokens = Math.max(1, Math.min(maxNewTokens, contextTokens - Math.min(total, Math.floor(contextTokens * MIN_PROMPT_SHARE))));
	const budget = contextTokens - newTokens;
	if (total <= budget) {
		if (newTokens === maxNewTokens) return { messages, maxNewTokens };
		return {
			messages,
			maxNewTokens: newTokens,
			truncation: { promptTokens: total, keptTokens: total, contextTokens, maxNewTokens: newTokens }
		};
	}
	// Leave out whole earlier exchanges (oldest first, system messages kept) before cutting the question itself.
	let dropped = 0;
	let all = total;
	while (all > budget && messages.filter((m) => m.role !== 'system').length > 1) {
		const oldest = messages.findIndex((m) => m.role !== 'system');
		messages = [...messages.slice(0, oldest), ...messages.slice(oldest + 1)];
		dropped++;
		all = tokenizer.promptTokens(messages);
	}
	const droppedPart = dropped > 0 ? { droppedMessages: dropped } : {};
	if (all <= budget) {
		return {
			messages,
			maxNewTokens: newTokens,
			truncation: { promptTokens: total, keptTokens: all, contextTokens, maxNewTokens: newTokens, ...droppedPart }
		};
	}
	const last = messages.at(-1);
	if (!last) return { messages, maxNewTokens: newTokens };
	const content = tokenizer.encode(last.content);
	const overhead = all - content.length;
	let keep = Math.max(0, budget - overhead);
	let fitted = messages;
	let kept = total;
	// Decoding then re-encoding a cut can shift a few tokens: shrink until it really fits.
	for (let attempt = 0; attempt < 4; attempt++) {
		const text = keep > 0 ? tokenizer.decode(content.slice(content.length - keep)) : '';
		fitted = [...messages.slice(0, -1), { ...last, content: text }];
		kept = tokenizer.promptTokens(fitted);
		if (kept <= budget || keep === 0) break;
		keep = Math.max(0, keep - (kept - budget));
	}
	return {
		messages: fitted,
		maxNewTokens: newTokens,
		truncation: { promptTokens: total, keptTokens: kept, contextTokens, maxNewTokens: newTokens, ...droppedPart, isPromptCut: true }
	};
}

/**
 * The notice for a finished run, or null when the cut did not matter: a shrunk answer budget is only worth a word
 * when the answer used all of it (a stopped or naturally short answer never met the limit).
 */
export function truncationNotice(t: Truncation | undefined, answerTokens: number): string | null {
	if (!t) return null;
	if (t.keptTokens === t.promptTokens && !t.droppedMessages && answerTokens < t.maxNewTokens) return null;
	return describeTruncation(t);
}

/** The notice shown with a run whose prompt or answer budget was cut. */
export function describeTruncation(t: Truncation): string {
	if (t.droppedMessages && !t.isPromptCut) {
		const plural = t.droppedMessages === 1 ? '' : 's';
		return `The conversation is longer than the model's ${t.contextTokens}-token context: it did not see the ${t.droppedMessages} earliest message${plural}. Clear the chat to start afresh.`;
	}
	if (t.keptTokens === t.promptTokens) {
		return `The answer was limited to ${t.maxNewTokens} tokens to fit the model's ${t.contextTokens}-token context.`;
	}
	return `Prompt truncated: it is ${t.promptTokens} tokens and the model's context is ${t.contextTokens}, with ${t.maxNewTokens} kept for the answer, so only its last ${t.keptTokens} tokens (chat template included) were used.`;
}
