import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences';

const texts = (source: string) => splitSentences(source).map((s) => s.text);

describe('splitSentences', () => {
	it('splits on final punctuation and keeps offsets exact', () => {
		const source = 'Patient is stable. Continue lisinopril! Any questions?';
		const sentences = splitSentences(source);
		expect(sentences).toEqual([
			{ text: 'Patient is stable.', start: 0, end: 18 },
			{ text: 'Continue lisinopril!', start: 19, end: 39 },
			{ text: 'Any questions?', start: 40, end: 54 }
		]);
	});

	it('does not split on clinical abbreviations, titles or decimals', () => {
		expect(texts('Seen by Dr. Patel today. Take metformin 500 mg. daily with meals.')).toEqual([
			'Seen by Dr. Patel today.',
			'Take metformin 500 mg. daily with meals.'
		]);
		expect(texts('Start a statin, e.g. Atorvastatin 20 mg, i.e. Moderate intensity.')).toHaveLength(1);
		expect(texts('Potassium 2.5 mmol/L is low. Replace orally.')).toEqual(['Potassium 2.5 mmol/L is low.', 'Replace orally.']);
	});

	it('treats a dosing abbreviation as final only before a capital', () => {
		expect(texts('Amoxicillin 500 mg b.i.d. with food. Review in 2 days.')).toEqual([
			'Amoxicillin 500 mg b.i.d. with food.',
			'Review in 2 days.'
		]);
		expect(texts('Metformin 500 mg b.i.d. Follow up in 3 months.')).toEqual(['Metformin 500 mg b.i.d.', 'Follow up in 3 months.']);
	});

	it('treats lines, bullets and numbered items as sentences and strips the markers', () => {
		const source = 'Medications:\n1. Warfarin 5 mg daily\n2. Metoprolol 25 mg\n- Aspirin held\n• No allergies';
		const sentences = splitSentences(source);
		expect(sentences.map((s) => s.text)).toEqual([
			'Medications:',
			'Warfarin 5 mg daily',
			'Metoprolol 25 mg',
			'Aspirin held',
			'No allergies'
		]);
		for (const s of sentences) expect(source.slice(s.start, s.end)).toBe(s.text);
	});

	it('splits inline numbered items after a colon without splitting on the numbers', () => {
		expect(texts('Plan: 1. Start ceftriaxone. 2. Repeat lactate in 2 hours.')).toEqual([
			'Plan: 1. Start ceftriaxone.',
			'Repeat lactate in 2 hours.'
		]);
	});

	it('ends a sentence before a mixed-case term such as eGFR or pH', () => {
		expect(texts('HbA1c 8.9% (previous 7.8%). eGFR 75. pH 7.31 on the gas.')).toEqual([
			'HbA1c 8.9% (previous 7.8%).',
			'eGFR 75.',
			'pH 7.31 on the gas.'
		]);
	});

	it('keeps vital signs that end in a number as their own sentences', () => {
		expect(texts('Heart rate 88. Blood pressure 130/80.')).toEqual(['Heart rate 88.', 'Blood pressure 130/80.']);
	});

	it('joins hard-wrapped lines but not lines that end a statement', () => {
		expect(texts('Patient reports worsening shortness\nof breath over 3 days.\nNo fever.')).toEqual([
			'Patient reports worsening shortness\nof breath over 3 days.',
			'No fever.'
		]);
		expect(texts('BP 150/90\nHR 110\r\n\r\nAssessment: sepsis')).toEqual(['BP 150/90', 'HR 110', 'Assessment: sepsis']);
	});

	it('keeps closing quotes and brackets with their sentence', () => {
		expect(texts('He said "stop the heparin." Then he left. (See plan.) Next.')).toEqual([
			'He said "stop the heparin."',
			'Then he left.',
			'(See plan.)',
			'Next.'
		]);
	});

	it('handles ellipses, glued sentences and odd Unicode', () => {
		expect(texts('Pain improved... Still nauseous.')).toEqual(['Pain improved...', 'Still nauseous.']);
		expect(texts('Vitals stable.Plan unchanged.')).toEqual(['Vitals stable.', 'Plan unchanged.']);
		const source = '\u200B😷 Cough for 3 days.\u2028مريض يعاني من الحمى. 發燒。咳嗽。';
		const sentences = splitSentences(source);
		expect(sentences.map((s) => s.text)).toEqual(['😷 Cough for 3 days.', 'مريض يعاني من الحمى.', '發燒。', '咳嗽。']);
		for (const s of sentences) expect(source.slice(s.start, s.end)).toBe(s.text);
	});

	it('returns nothing for empty, blank or punctuation-only input', () => {
		expect(splitSentences('')).toEqual([]);
		expect(splitSentences('  \n\t\u200B ')).toEqual([]);
		expect(splitSentences('---\n...')).toEqual([]);
	});

	it('keeps the last sentence without final punctuation', () => {
		expect(texts('Afebrile. Discharge home today')).toEqual(['Afebrile.', 'Discharge home today']);
	});
});
