/**
 * Fits a chat prompt into a model's context window. A prompt that would not leave room for the answer is cut to
 * the last tokens of its final user message (where a pasted note's question usually is), and the run reports it
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
		return { messages, maxNewTokens: newTokens, truncation: { promptTokens: total, keptTokens: total, contextTokens, maxNewTokens: newTokens } };
	}
	const last = messages.at(-1);
	if (!last) return { messages, maxNewTokens: newTokens };
	const content = tokenizer.encode(last.content);
	const overhead = total - content.length;
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
	return { messages: fitted, maxNewTokens: newTokens, truncation: { promptTokens: total, keptTokens: kept, contextTokens, maxNewTokens: newTokens } };
}

/** The notice shown with a run whose prompt or answer budget was cut. */
export function describeTruncation(t: Truncation): string {
	if (t.keptTokens === t.promptTokens) {
		return `The answer was limited to ${t.maxNewTokens} tokens to fit the model's ${t.contextTokens}-token context.`;
	}
	return `Prompt truncated: it is ${t.promptTokens} tokens and the model's context is ${t.contextTokens}, with ${t.maxNewTokens} kept for the answer, so only its last ${t.keptTokens} tokens (chat template included) were used.`;
}
