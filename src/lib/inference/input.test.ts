import { describe, expect, it } from 'vitest';
import { checkRun, cleanText } from './input';
import { MAX_PROMPT_CHARS } from './protocol';

const opts = { maxNewTokens: 32, temperature: 0 };
const user = (content: string) => [{ role: 'user' as const, content }];

describe('cleanText', () => {
	it('replaces lone surrogates, drops control characters, keeps newlines and emoji', () => {
		expect(cleanText('a\uD800b')).toBe('a\uFFFDb');
		expect(cleanText('x\u0000y\u0007z\n\tw')).toBe('xyz\n\tw');
		expect(cleanText('fever 🤒 e\u0301')).toBe('fever 🤒 é');
	});
});

describe('checkRun', () => {
	it('accepts a normal prompt', () => expect(checkRun(user('What is sepsis?'), opts)).toBeNull());
	it('refuses empty and whitespace-only prompts', () => {
		expect(checkRun(user('  \n\u0000'), opts)).toMatch(/Type a prompt/);
		expect(checkRun([], opts)).toMatch(/user message/);
	});
	it('refuses huge prompts with the limit in the message', () => {
		expect(checkRun(user('a'.repeat(MAX_PROMPT_CHARS + 1)), opts)).toMatch(String(MAX_PROMPT_CHARS));
	});
	it('refuses bad settings', () => {
		expect(checkRun(user('hi'), { maxNewTokens: 0, temperature: 0 })).toMatch(/Max new tokens/);
		expect(checkRun(user('hi'), { maxNewTokens: 1.5, temperature: 0 })).toMatch(/Max new tokens/);
		expect(checkRun(user('hi'), { maxNewTokens: 8, temperature: -1 })).toMatch(/Temperature/);
		expect(checkRun(user('hi'), { maxNewTokens: 8, temperature: 0, minNewTokens: 9 })).toMatch(/Min new tokens/);
	});
});
