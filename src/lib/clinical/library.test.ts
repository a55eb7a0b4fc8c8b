import { describe, expect, it } from 'vitest';
import { isEntityInNote } from './grounding';
import { CLINICAL_EXAMPLES, findExample } from './library';
import { FIXTURE_ANSWERS, findFixtureAnswer } from './libraryFixtures';
import { formatLabelLines, lexicalOverlap, parseLabelLines, RETRIEVAL_SETTINGS } from './retrieval';
import { splitSentences } from './sentences';
import { containsWholeTerm, normalizeForMatch } from './textNormalize';

describe('CLINICAL_EXAMPLES', () => {
	it('has at least 12 examples with unique slug ids and a note and question each', () => {
		expect(CLINICAL_EXAMPLES.length).toBeGreaterThanOrEqual(12);
		const ids = CLINICAL_EXAMPLES.map((e) => e.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const example of CLINICAL_EXAMPLES) {
			expect(example.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(example.note.trim().length).toBeGreaterThan(100);
			expect(example.question.trim()).toMatch(/\?$|\.$/);
			expect(splitSentences(example.note).length).toBeGreaterThanOrEqual(3);
		}
	});

	it('covers the topics issue 5 asks for', () => {
		const categories = new Set(CLINICAL_EXAMPLES.map((e) => e.category));
		for (const c of [
			'discharge summary',
			'medication reconciliation',
			'drug interaction',
			'symptom triage',
			'lab interpretation',
			'radiology'
		]) {
			expect(categories.has(c as never), c).toBe(true);
		}
		const ids = CLINICAL_EXAMPLES.map((e) => e.id).join(' ');
		for (const topic of ['sepsis', 'pediatric-fever', 'anticoagulation', 'diabetes', 'asthma', 'chest-pain']) {
			expect(ids, topic).toContain(topic);
		}
	});

	it('names each key entity verbatim in its note, with a drug and a disease in almost every note', () => {
		for (const example of CLINICAL_EXAMPLES) {
			for (const entity of example.keyEntities) {
				expect(containsWholeTerm(example.note, entity.text), `${example.id}: ${entity.text}`).toBe(true);
			}
			const types = new Set(example.keyEntities.map((e) => e.type));
			expect(types.has('Disease'), example.id).toBe(true);
		}
		const withDrug = CLINICAL_EXAMPLES.filter((e) => e.keyEntities.some((k) => k.type === 'Chemical'));
		expect(withDrug.length).toBe(CLINICAL_EXAMPLES.length);
	});

	it('contains no identifiers: no names after titles, phone numbers, emails, full dates or record numbers', () => {
		for (const { id, note, question } of CLINICAL_EXAMPLES) {
			const text = `${note}\n${question}`;
			expect(text, id).not.toMatch(/\b(Mr|Mrs|Ms|Dr)\.? [A-Z]/);
			expect(text, id).not.toMatch(/\b\d{3}[-. ]\d{3}[-. ]\d{4}\b/);
			expect(text, id).not.toMatch(/@/);
			expect(text, id).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b(19|20)\d{2}-\d{2}-\d{2}\b/);
			expect(text, id).not.toMatch(/\b(MRN|SSN|NHS number)\b/i);
		}
	});

	it('suggests labels that survive the label text box round trip', () => {
		for (const example of CLINICAL_EXAMPLES) {
			const labels = example.labels ?? [];
			expect(labels.length).toBeLessThanOrEqual(RETRIEVAL_SETTINGS.maxLabels);
			expect(parseLabelLines(formatLabelLines(labels))).toEqual(labels);
		}
	});

	it('finds examples by id', () => {
		expect(findExample('sepsis-urinary')?.title).toContain('Sepsis');
		expect(findExample('no-such-example')).toBeUndefined();
	});
});

describe('FIXTURE_ANSWERS', () => {
	it('exist for at least two examples', () => {
		expect(FIXTURE_ANSWERS.length).toBeGreaterThanOrEqual(2);
		for (const f of FIXTURE_ANSWERS) expect(findExample(f.exampleId), f.exampleId).toBeDefined();
		expect(findFixtureAnswer('interaction-warfarin')?.supportedSentence).toContain('warfarin');
	});

	it('split into exactly the supported and the unsupported sentence', () => {
		for (const f of FIXTURE_ANSWERS) {
			expect(splitSentences(f.answer).map((s) => s.text)).toEqual([f.supportedSentence, f.unsupportedSentence]);
		}
	});

	it('support one sentence by the note words and name absent entities in the other', () => {
		for (const f of FIXTURE_ANSWERS) {
			const note = findExample(f.exampleId)?.note ?? '';
			const normalizedNote = normalizeForMatch(note);
			expect(lexicalOverlap(f.supportedSentence, note), f.exampleId).toBe(1);
			expect(lexicalOverlap(f.unsupportedSentence, note), f.exampleId).toBeLessThan(0.5);
			expect(f.unsupportedEntities.length).toBeGreaterThan(0);
			for (const entity of f.unsupportedEntities) {
				expect(f.unsupportedSentence).toContain(entity.text);
				expect(isEntityInNote(entity.text, new Set(), normalizedNote), entity.text).toBe(false);
			}
		}
	});
});
