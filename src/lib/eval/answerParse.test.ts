import { describe, expect, it } from 'vitest';
import { parseOptionLetter, parseYesNoMaybe } from './answerParse';

const options = { A: 'Aspirin', B: 'Heparin', C: 'Warfarin', D: 'Aspirin and heparin' };

describe('parseOptionLetter', () => {
	it.each([
		['B', 'B'],
		['b', 'B'],
		[' (C) ', 'C'],
		['**C**', 'C'],
		['D.', 'D'],
		['[A]', 'A'],
		['The answer is (B).', 'B'],
		['The answer is B', 'B'],
		['answer: d', 'D'],
		['Answer: d.', 'D'],
		['The correct answer is **C**.', 'C'],
		['**Answer:** A', 'A'],
		['Final answer: (a)', 'A'],
		['I would choose D because it is the drug of choice.', 'D'],
		["I'd go with option B.", 'B'],
		['The best option is C: warfarin.', 'C'],
		['B. Aspirin', 'B'],
		['B) Heparin is preferred here.', 'B'],
		['**C.** Warfarin, because of the mechanical valve.', 'C'],
		['Let me think step by step.\nThe patient has a valve.\nC. Warfarin', 'C'],
		['Option A is wrong and option B is wrong, so the answer is C.', 'C'],
		['B is not right. The answer is C', 'C'],
		['I think (D) fits best.', 'D'],
		['Ａｎｓｗｅｒ： Ｂ', 'B']
	])('%j -> %s', (text, expected) => {
		expect(parseOptionLetter(text)).toBe(expected);
	});

	it.each([
		['The answer is B or C.', 'a hedge between two letters'],
		['The answer is B. Actually, the answer is D.', 'two different explicit answers'],
		['A. Aspirin\nB. Heparin\nC. Warfarin', 'a list of options'],
		['The answer is a drug that thins the blood.', 'the article "a"'],
		['The answer is not clear from the question.', 'no letter'],
		['A 45-year-old man presents with chest pain.', 'an article at the start'],
		['', 'empty text'],
		['I do not know.', 'no answer at all']
	])('%j -> null (%s)', (text) => {
		expect(parseOptionLetter(text)).toBeNull();
	});

	it('only accepts letters the item has', () => {
		expect(parseOptionLetter('The answer is E.')).toBeNull();
		expect(parseOptionLetter('The answer is E.', { letters: ['A', 'B', 'C', 'D', 'E'] })).toBe('E');
		expect(parseOptionLetter('Answer: C', { letters: ['A', 'B'] })).toBeNull();
	});

	it('falls back to the option text when no letter is given', () => {
		expect(parseOptionLetter('Warfarin is the drug of choice.', { options })).toBe('C');
		expect(parseOptionLetter('warfarin', { options })).toBe('C');
		// "Aspirin" lies inside "Aspirin and heparin", so the longer option wins.
		expect(parseOptionLetter('Give aspirin and heparin together.', { options })).toBe('D');
		expect(parseOptionLetter('Either warfarin or heparin.', { options })).toBeNull();
		// Whole words only: "Aspirinate" is not "Aspirin".
		expect(parseOptionLetter('Aspirinate salts.', { options })).toBeNull();
	});

	it('prefers an explicit letter over option text', () => {
		expect(parseOptionLetter('Warfarin is tempting, but the answer is B.', { options })).toBe('B');
	});
});

describe('parseYesNoMaybe', () => {
	it.each([
		['yes', 'yes'],
		['Yes.', 'yes'],
		['**No**', 'no'],
		['MAYBE', 'maybe'],
		['Answer: no', 'no'],
		['The answer is maybe, as the evidence is mixed.', 'maybe'],
		['Yes, the study shows a clear benefit.', 'yes'],
		['No. There was no difference between groups.', 'no'],
		['The trial found a significant effect. So yes, it works.', 'yes'],
		['The evidence is limited; maybe.', 'maybe'],
		['There was no difference, but the answer is yes.', 'yes'],
		['The data are inconclusive. No.', 'no']
	])('%j -> %s', (text, expected) => {
		expect(parseYesNoMaybe(text)).toBe(expected);
	});

	it.each([
		['Yes and no.', 'two answers in one sentence'],
		['Yes, but maybe not in children.', 'a hedge'],
		['There is no evidence either way.', '"no" as a determiner'],
		['The answer is yes. On reflection the answer is no.', 'two explicit answers'],
		['It depends on the dose.', 'no answer word'],
		['Nobody knows; yesterday it was unclear.', 'answer words only inside other words'],
		['', 'empty text']
	])('%j -> null (%s)', (text) => {
		expect(parseYesNoMaybe(text)).toBeNull();
	});
});
