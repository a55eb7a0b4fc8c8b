import { describe, expect, it } from 'vitest';
import taskPrompts from '../eval/taskPrompts.json';
import { libraryMessages, promptPassage, PROMPT_PASSAGE_CHARS } from './libraryPrompt';

describe('library prompt (taskPrompts.json library_answer)', () => {
	it('numbers the passages one a line, then the question and the instruction', () => {
		const messages = libraryMessages('  What causes gout? ', [
			{ text: 'Gout is caused by\n uric acid.' },
			{ text: 'Asthma narrows airways.' }
		]);
		expect(messages[0]).toEqual({ role: 'system', content: taskPrompts.system });
		expect(messages[1]).toEqual({
			role: 'user',
			content:
				'Passages:\n[1] Gout is caused by uric acid.\n[2] Asthma narrows airways.\n\nQuestion: What causes gout?\nAnswer from the passages and cite the passage you used.'
		});
	});

	it('cuts a long passage at a word, as in training', () => {
		const long = 'word '.repeat(200);
		const cut = promptPassage(long);
		expect(cut.length).toBeLessThanOrEqual(PROMPT_PASSAGE_CHARS + 4);
		expect(cut.endsWith('word ...')).toBe(true);
	});

	it('keeps a question containing $ signs verbatim', () => {
		expect(libraryMessages('Is $& a problem?', [{ text: 'x' }])[1]?.content).toContain('Question: Is $& a problem?');
	});
});
