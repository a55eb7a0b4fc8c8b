import { describe, expect, it } from 'vitest';
import { CLINICAL_EXAMPLES } from '../../clinical/library';
import { splitSentences } from '../../clinical/sentences';
import { MAX_COPY_SOURCES } from '../../inference/protocol';
import { PROMPT_PASSAGE_CHARS } from '../../library/libraryPrompt';
import { compareAnswerText, compareRequest, llmPrompt, notePassages } from './llmMessages';

describe('llmPrompt', () => {
	it('puts the note before the question and defaults to a summary', () => {
		expect(llmPrompt(' N ', 'Q?')).toBe('Clinical note:\nN\n\nQuestion: Q?');
		expect(llmPrompt('N', '  ')).toMatch(/Summarize the note\.$/);
	});
});

describe('notePassages', () => {
	it('keeps every sentence (list markers aside), in order, in passages no longer than the trained passage', () => {
		for (const example of CLINICAL_EXAMPLES) {
			const passages = notePassages(example.note);
			expect(passages.every((p) => p.text.length <= PROMPT_PASSAGE_CHARS)).toBe(true);
			const words = (t: string) => t.split(/\s+/).filter(Boolean);
			expect(words(passages.map((p) => p.text).join(' '))).toEqual(
				words(
					splitSentences(example.note)
						.map((x) => x.text)
						.join(' ')
				)
			);
		}
	});

	it('groups short sentences and splits a sentence longer than a passage', () => {
		expect(notePassages('A one. B two. C three.', 14).map((p) => p.text)).toEqual(['A one. B two.', 'C three.']);
		const long = `${'word '.repeat(100).trim()}.`;
		const passages = notePassages(long);
		expect(passages.length).toBeGreaterThan(1);
		expect(passages.map((p) => p.text).join(' ')).toBe(long);
	});
});

describe('compareRequest', () => {
	const note = 'Lithium 900 mg daily. Started hydrochlorothiazide last week. Lithium level 2.8 mEq/L.';

	it('gives a model without a prompt set the plain prompt and no copy sources', () => {
		const request = compareRequest(undefined, note, 'What caused the toxicity?');
		expect(request).toEqual({
			messages: [{ role: 'user', content: llmPrompt(note, 'What caused the toxicity?') }],
			format: 'note and question'
		});
		expect(compareAnswerText('It was the diuretic [1].', request)).toBe('It was the diuretic [1].');
	});

	it('gives a task-prompt model the note as numbered passages it may copy from, and strips its citations', () => {
		const request = compareRequest('taskPrompts', note, ' ');
		expect(request.format).toBe('note as cited passages');
		expect(request.messages[0]?.role).toBe('system');
		const user = request.messages[1]?.content ?? '';
		expect(user).toContain(`[1] ${note}`);
		expect(user).toContain('Question: Summarize the note.');
		expect(request.copyFrom?.texts).toEqual([note]);
		expect(compareAnswerText('Lithium level 2.8 mEq/L. [1]', request)).toBe('Lithium level 2.8 mEq/L.');
	});

	it('copies from at most MAX_COPY_SOURCES passages, the end of a long note', () => {
		const long = Array.from({ length: 80 }, (_, i) => `Sentence number ${i} of a long note that keeps going on about the patient.`).join(
			' '
		);
		const request = compareRequest('taskPrompts', long, 'Q?');
		const texts = request.copyFrom?.texts ?? [];
		expect(texts).toHaveLength(MAX_COPY_SOURCES);
		expect(texts.at(-1)).toContain('Sentence number 79');
	});
});
