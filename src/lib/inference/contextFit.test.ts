import { describe, expect, it } from 'vitest';
import { describeTruncation, fitToContext, truncationNotice, type ContextTokenizer } from './contextFit';
import type { ChatMessage } from './protocol';

// One token per word; the template adds 3 tokens per message plus 1.
const words: ContextTokenizer = {
	encode: (text) =>
		text
			.split(/\s+/)
			.filter(Boolean)
			.map((w) => w.length),
	decode: (ids) => ids.map((n) => 'w'.repeat(n)).join(' '),
	promptTokens: (messages) => 1 + messages.reduce((n, m) => n + 3 + m.content.split(/\s+/).filter(Boolean).length, 0)
};
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

describe('fitToContext', () => {
	it('leaves a prompt that fits alone', () => {
		const messages = user('a short question');
		expect(fitToContext(messages, 16, 64, words)).toEqual({ messages, maxNewTokens: 16 });
	});

	it('keeps the last tokens of an over-long prompt and reports it', () => {
		const long = Array.from({ length: 200 }, (_, i) => 'w'.repeat((i % 5) + 1)).join(' ');
		const fitted = fitToContext(user(long), 16, 64, words);
		expect(fitted.maxNewTokens).toBe(16);
		expect(fitted.truncation).toEqual({ promptTokens: 204, keptTokens: 48, contextTokens: 64, maxNewTokens: 16, isPromptCut: true });
		expect(words.promptTokens(fitted.messages) + fitted.maxNewTokens).toBeLessThanOrEqual(64);
		expect(long.endsWith(fitted.messages[0]?.content ?? '-')).toBe(true);
		expect(describeTruncation(fitted.truncation!)).toMatch(/Prompt truncated: it is 204 tokens .* context is 64/);
	});

	it('shrinks the answer budget when max new tokens asks for the whole context', () => {
		const fitted = fitToContext(user('why'), 64, 64, words);
		expect(fitted.maxNewTokens).toBe(59);
		expect(fitted.truncation?.keptTokens).toBe(5);
		expect(describeTruncation(fitted.truncation!)).toContain('limited to 59 tokens');
	});

	it('keeps half the context for a long prompt when the answer would take it all', () => {
		const long = Array.from({ length: 300 }, () => 'word').join(' ');
		const fitted = fitToContext(user(long), 1024, 128, words);
		expect(fitted.maxNewTokens).toBe(64);
		expect(words.promptTokens(fitted.messages)).toBeLessThanOrEqual(64);
	});

	it('re-checks after decoding when a cut re-encodes longer', () => {
		// decode glues two tokens into one word, so re-encoding differs: the loop must still fit.
		const sticky: ContextTokenizer = { ...words, decode: (ids) => ids.map(() => 'ab').join(' ') + ' tail extra' };
		const long = Array.from({ length: 100 }, () => 'ab').join(' ');
		const fitted = fitToContext(user(long), 8, 40, sticky);
		expect(sticky.promptTokens(fitted.messages)).toBeLessThanOrEqual(32);
	});
});

describe('conversations', () => {
	const turn = (q: string, a: string): ChatMessage[] => [
		{ role: 'user', content: q },
		{ role: 'assistant', content: a }
	];
	const words10 = Array.from({ length: 10 }, () => 'w').join(' ');

	it('leaves out the earliest messages, not the new question', () => {
		const messages = [...turn(words10, words10), ...turn(words10, words10), { role: 'user' as const, content: 'the new question' }];
		const fitted = fitToContext(messages, 8, 48, words);
		expect(fitted.messages.at(-1)?.content).toBe('the new question');
		expect(fitted.truncation?.droppedMessages).toBeGreaterThan(0);
		expect(words.promptTokens(fitted.messages) + fitted.maxNewTokens).toBeLessThanOrEqual(48);
		expect(truncationNotice(fitted.truncation, 1)).toMatch(/did not see the \d earliest message/);
	});

	it('says nothing about a shrunk answer budget the answer never reached', () => {
		const fitted = fitToContext(user('why'), 64, 64, words);
		expect(truncationNotice(fitted.truncation, 21)).toBeNull();
		expect(truncationNotice(fitted.truncation, fitted.maxNewTokens)).toContain('limited to 59 tokens');
		expect(truncationNotice(undefined, 5)).toBeNull();
	});
});
