import { describe, expect, it } from 'vitest';
import { checkRun, checkTask, cleanTask, cleanText } from './input';
import { MAX_COPY_SOURCES, MAX_PROMPT_CHARS, MAX_TASK_TEXT_CHARS } from './protocol';

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

describe('copy sources (the passages a library answer leans on)', () => {
	it('accepts a few passages and optional strengths, in a run and in a generate task', () => {
		expect(checkRun(user('hi'), { ...opts, copyFrom: { texts: ['a passage', 'another'], follow: 12, enter: 0 } })).toBeNull();
		expect(checkTask({ kind: 'generate', messages: user('hi'), maxNewTokens: 8, copyFrom: { texts: ['a'] } })).toBeNull();
	});
	it('refuses too many or too long sources and strengths out of range, saying the limit', () => {
		const many = { texts: Array.from({ length: MAX_COPY_SOURCES + 1 }, () => 'p') };
		expect(checkRun(user('hi'), { ...opts, copyFrom: many })).toMatch(String(MAX_COPY_SOURCES));
		expect(checkRun(user('hi'), { ...opts, copyFrom: { texts: ['a'.repeat(MAX_TASK_TEXT_CHARS + 1)] } })).toMatch(
			String(MAX_TASK_TEXT_CHARS)
		);
		expect(checkRun(user('hi'), { ...opts, copyFrom: { texts: ['a'], follow: -1 } })).toMatch(/between 0/);
		expect(checkTask({ kind: 'generate', messages: user('hi'), maxNewTokens: 8, copyFrom: { texts: ['a'], enter: Infinity } })).toMatch(
			/between 0/
		);
	});
	it('cleans the sources as it cleans the prompt', () => {
		const cleaned = cleanTask({
			kind: 'generate',
			messages: user('hi'),
			maxNewTokens: 8,
			copyFrom: { texts: ['a\u0000b\uD800'], follow: 3 }
		});
		expect(cleaned).toMatchObject({ copyFrom: { texts: ['ab\uFFFD'], follow: 3 } });
	});
});
