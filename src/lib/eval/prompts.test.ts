import { describe, expect, it } from 'vitest';
import { buildMcqPrompt, buildYesNoPrompt, truncateAtWord } from './prompts';
import type { McqItem, YesNoItem } from './schema';

const mcq: McqItem = {
	id: 'q1',
	task: 'mcq',
	question: ' Which drug is given for a mechanical heart valve? ',
	// Keys out of order and a newline inside an option: the prompt must still list A-D, one per line.
	options: { B: 'Heparin', A: 'Aspirin', D: 'Insulin', C: 'Warfarin\nor a\tDOAC' },
	answer: 'C'
};

const yesno: YesNoItem = {
	id: 'y1',
	task: 'yesno',
	question: 'Does it work?',
	context: 'It worked in mice. Humans were not studied.',
	answer: 'maybe'
};

describe('buildMcqPrompt', () => {
	it('lists question and options, ends with "Answer:" and scores each letter', () => {
		const { prompt, candidates } = buildMcqPrompt(mcq);
		expect(prompt).toBe(
			[
				'The following is a multiple choice question about medicine.',
				'',
				'Question: Which drug is given for a mechanical heart valve?',
				'A. Aspirin',
				'B. Heparin',
				'C. Warfarin or a DOAC',
				'D. Insulin',
				'Answer:'
			].join('\n')
		);
		expect(candidates).toEqual([
			{ label: 'A', continuation: ' A' },
			{ label: 'B', continuation: ' B' },
			{ label: 'C', continuation: ' C' },
			{ label: 'D', continuation: ' D' }
		]);
	});
	it('is deterministic', () => {
		expect(buildMcqPrompt(mcq)).toEqual(buildMcqPrompt(structuredClone(mcq)));
	});
});

describe('buildYesNoPrompt', () => {
	it('puts question and context before "Answer:" and scores yes, no, maybe', () => {
		const { prompt, candidates } = buildYesNoPrompt(yesno);
		expect(prompt).toBe(
			[
				'Answer the research question with yes, no or maybe, based on the abstract.',
				'',
				'Question: Does it work?',
				'Context: It worked in mice. Humans were not studied.',
				'Answer:'
			].join('\n')
		);
		expect(candidates.map((candidate) => candidate.continuation)).toEqual([' yes', ' no', ' maybe']);
	});
	it('truncates a long context', () => {
		const { prompt } = buildYesNoPrompt(yesno, { maxContextChars: 20 });
		expect(prompt).toContain('Context: It worked in mice. ...\nAnswer:');
	});
});

describe('truncateAtWord', () => {
	it('leaves short text alone', () => {
		expect(truncateAtWord('short text', 10)).toBe('short text');
	});
	it('cuts at the last word boundary and marks the cut', () => {
		// first 12 chars: "alpha beta g" -> back to "alpha beta"
		expect(truncateAtWord('alpha beta gamma', 12)).toBe('alpha beta ...');
	});
	it('cuts one giant word mid-word and never splits a surrogate pair', () => {
		expect(truncateAtWord('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)} ...`);
		expect(truncateAtWord('abc😀def', 4)).toBe('abc ...');
	});
});
