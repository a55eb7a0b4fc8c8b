import { describe, expect, it } from 'vitest';
import { medquadFocus, medquadPassages, splitIntoPassages } from './passages';

describe('splitIntoPassages', () => {
	it('keeps a short text as one passage', () => {
		expect(splitIntoPassages('Liddle syndrome is inherited. It is rare.')).toEqual(['Liddle syndrome is inherited. It is rare.']);
	});

	it('groups whole sentences up to the limit, in order, dropping nothing but spaces', () => {
		const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} says something about the kidney.`);
		const text = sentences.join(' ');
		const passages = splitIntoPassages(text, 120);
		expect(passages.length).toBeGreaterThan(3);
		for (const p of passages) expect(p.length).toBeLessThanOrEqual(120);
		expect(passages.join(' ')).toBe(text);
		for (const p of passages) expect(p.endsWith('kidney.')).toBe(true);
	});

	it('cuts one over-long sentence at word boundaries', () => {
		const long = `${'word '.repeat(400).trim()}.`;
		const passages = splitIntoPassages(long, 600);
		expect(passages.length).toBeGreaterThan(1);
		for (const p of passages) {
			expect(p.length).toBeLessThanOrEqual(900);
			expect(p.startsWith('word')).toBe(true);
		}
		expect(passages.join(' ')).toBe(long);
	});

	it('gives nothing for empty or blank text', () => {
		expect(splitIntoPassages('')).toEqual([]);
		expect(splitIntoPassages('  \n ')).toEqual([]);
	});
});

describe('medquadFocus', () => {
	it.each([
		['What is (are) Rett Syndrome ?', 'Rett Syndrome'],
		['What are the treatments for Buerger disease ?', 'Buerger disease'],
		['Who is at risk for Penile Cancer? ?', 'Penile Cancer'],
		['Is Ehlers-Danlos syndrome, progeroid type inherited ?', 'Ehlers-Danlos syndrome, progeroid type'],
		['How many people are affected by Proteus syndrome ?', 'Proteus syndrome'],
		['What are the genetic changes related to thanatophoric dysplasia ?', 'thanatophoric dysplasia'],
		['what research (or clinical trials) is being done for Colpocephaly ?', 'Colpocephaly'],
		['Do you have information about Sexual Health', 'Sexual Health'],
		['Why do my feet hurt ?', 'Why do my feet hurt']
	])('%s -> %s', (question, focus) => {
		expect(medquadFocus(question)).toBe(focus);
	});
});

describe('medquadPassages', () => {
	it('numbers passages and carries question, title and source', () => {
		const answer = Array.from({ length: 20 }, (_, i) => `Fact ${i} about Liddle syndrome and blood pressure.`).join(' ');
		const passages = medquadPassages({
			id: 'medquad-2-1-4',
			question: 'Is Liddle syndrome inherited ?',
			answer,
			source: '2_GARD_QA/0003593.xml'
		});
		expect(passages.length).toBeGreaterThan(1);
		expect(passages.map((p) => p.id)).toEqual(passages.map((_, n) => `medquad-2-1-4#${n}`));
		for (const p of passages)
			expect(p).toMatchObject({ question: 'Is Liddle syndrome inherited ?', title: 'Liddle syndrome', source: '2_GARD_QA/0003593.xml' });
	});
});
