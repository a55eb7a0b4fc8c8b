import { describe, expect, it } from 'vitest';
import { entitiesFromTokens, formatEntityType, parseTag, type TokenPrediction } from './entities';

const token = (entity: string, word: string, index: number, score = 0.9): TokenPrediction => ({
	entity,
	word,
	index,
	score
});

describe('parseTag', () => {
	it('splits BIO and BIOES prefixes and keeps multi-word types', () => {
		expect(parseTag('B-Chemical')).toEqual({ prefix: 'B', type: 'Chemical' });
		expect(parseTag('I-Sign_symptom')).toEqual({ prefix: 'I', type: 'Sign_symptom' });
		expect(parseTag('S-Disease')).toEqual({ prefix: 'S', type: 'Disease' });
		expect(parseTag('O')).toEqual({ prefix: 'O', type: '' });
		expect(parseTag('Medication')).toEqual({ prefix: 'I', type: 'Medication' });
	});

	it('formats underscore types for display', () => {
		expect(formatEntityType('Sign_symptom')).toBe('Sign symptom');
	});
});

describe('entitiesFromTokens', () => {
	it('merges word pieces and multi-word entities with offsets and mean scores', () => {
		const text = 'Patient on metformin for type 2 diabetes.';
		const { entities, unaligned } = entitiesFromTokens(text, [
			token('B-Chemical', 'met', 3, 0.9),
			token('I-Chemical', '##formin', 4, 0.8),
			token('B-Disease', 'type', 6, 0.6),
			token('I-Disease', '2', 7, 0.7),
			token('I-Disease', 'diabetes', 8, 0.8)
		]);
		expect(unaligned).toEqual([]);
		expect(entities).toHaveLength(2);
		expect(entities[0]).toMatchObject({
			type: 'Chemical',
			text: 'metformin',
			start: 11,
			end: 20,
			tokenCount: 2
		});
		expect(entities[0]?.score).toBeCloseTo(0.85, 10);
		expect(entities[1]).toMatchObject({
			type: 'Disease',
			text: 'type 2 diabetes',
			start: 25,
			end: 40
		});
		expect(entities[1]?.score).toBeCloseTo(0.7, 10);
	});

	it('opens an entity on a stray I- tag and on a type change', () => {
		const text = 'aspirin asthma';
		const { entities } = entitiesFromTokens(text, [token('I-Chemical', 'aspirin', 1), token('I-Disease', 'asthma', 2)]);
		expect(entities.map((e) => [e.type, e.text, e.start, e.end])).toEqual([
			['Chemical', 'aspirin', 0, 7],
			['Disease', 'asthma', 8, 14]
		]);
	});

	it('splits entities of the same type when a dropped O token lies between them', () => {
		const text = 'fever and cough';
		const { entities } = entitiesFromTokens(text, [token('B-Disease', 'fever', 1), token('I-Disease', 'cough', 3)]);
		expect(entities.map((e) => e.text)).toEqual(['fever', 'cough']);
	});

	it('does not place a whole-word token inside a longer word', () => {
		const text = 'Nystatin held, statin started.';
		const { entities } = entitiesFromTokens(text, [token('B-Chemical', 'statin', 6)]);
		expect(entities).toHaveLength(1);
		expect(entities[0]).toMatchObject({ text: 'statin', start: 15, end: 21 });
	});

	it('finds repeated mentions in order', () => {
		const text = 'aspirin 81 mg; aspirin allergy?';
		const { entities } = entitiesFromTokens(text, [token('B-Chemical', 'aspirin', 1), token('B-Chemical', 'aspirin', 5)]);
		expect(entities.map((e) => e.start)).toEqual([0, 15]);
	});

	it('keeps punctuation inside a chemical name', () => {
		const text = 'Given 5-fluorouracil today';
		const { entities } = entitiesFromTokens(text, [
			token('B-Chemical', '5', 2, 0.5),
			token('I-Chemical', '-', 3, 0.6),
			token('I-Chemical', 'fluoro', 4, 0.7),
			token('I-Chemical', '##uracil', 5, 0.8)
		]);
		expect(entities).toHaveLength(1);
		expect(entities[0]).toMatchObject({ text: '5-fluorouracil', start: 6, end: 20, tokenCount: 4 });
		expect(entities[0]?.score).toBeCloseTo(0.65, 10);
	});

	it('widens to the whole word when a middle piece was dropped as O', () => {
		const text = 'Metformin daily';
		const { entities } = entitiesFromTokens(text, [token('B-Chemical', 'Met', 1, 0.9), token('I-Chemical', '##in', 3, 0.5)]);
		expect(entities).toHaveLength(1);
		expect(entities[0]).toMatchObject({ text: 'Metformin', start: 0, end: 9, tokenCount: 2 });
		expect(entities[0]?.score).toBeCloseTo(0.7, 10);
	});

	it('matches uncased tokens (d4data/biomedical-ner-all) case- and accent-insensitively', () => {
		const text = 'Severe Headache and Nausea, Café-au-lait spots';
		const { entities } = entitiesFromTokens(text, [
			token('B-Severity', 'severe', 1),
			token('B-Sign_symptom', 'headache', 2),
			token('B-Sign_symptom', 'nausea', 4),
			token('B-Sign_symptom', 'cafe', 6),
			token('I-Sign_symptom', '-', 7),
			token('I-Sign_symptom', 'au', 8)
		]);
		expect(entities.map((e) => [e.type, e.text, e.start])).toEqual([
			['Severity', 'Severe', 0],
			['Sign_symptom', 'Headache', 7],
			['Sign_symptom', 'Nausea', 20],
			['Sign_symptom', 'Café-au', 28]
		]);
	});

	it('prefers the earliest position even when only a folded match is there', () => {
		const text = 'Metformin stopped; metformin restarted';
		const { entities } = entitiesFromTokens(text, [token('B-Chemical', 'metformin', 1)]);
		expect(entities[0]?.start).toBe(0);
	});

	it('spans zero-width characters the tokenizer removed', () => {
		const text = 'on met\u200Bformin now';
		const { entities } = entitiesFromTokens(text, [token('B-Chemical', 'met', 2), token('I-Chemical', '##formin', 3)]);
		expect(entities[0]).toMatchObject({ text: 'met\u200Bformin', start: 3, end: 13 });
	});

	it('handles emoji and RTL text around entities', () => {
		const text = '😷 مريض warfarin ✓';
		const { entities } = entitiesFromTokens(text, [token('B-Chemical', 'warfarin', 3)]);
		expect(entities[0]).toMatchObject({ text: 'warfarin', start: text.indexOf('warfarin') });
	});

	it('closes BIOES entities on E- and S-', () => {
		const text = 'heparin aspirin chest pain fever';
		const { entities } = entitiesFromTokens(text, [
			token('S-Chemical', 'heparin', 1),
			token('S-Chemical', 'aspirin', 2),
			token('B-Disease', 'chest', 3),
			token('E-Disease', 'pain', 4),
			token('I-Disease', 'fever', 5)
		]);
		expect(entities.map((e) => e.text)).toEqual(['heparin', 'aspirin', 'chest pain', 'fever']);
	});

	it('reports tokens it cannot find and keeps going', () => {
		const text = 'warfarin for atrial fibrillation';
		const { entities, unaligned } = entitiesFromTokens(text, [
			token('B-Chemical', 'warfarin', 1),
			token('B-Chemical', 'digoxin', 2),
			token('B-Disease', 'atrial', 4),
			token('I-Disease', 'fibrillation', 5)
		]);
		expect(unaligned).toEqual(['digoxin']);
		expect(entities.map((e) => e.text)).toEqual(['warfarin', 'atrial fibrillation']);
	});

	it('ignores O tokens when the pipeline is asked to keep them', () => {
		const text = 'no pneumonia';
		const { entities } = entitiesFromTokens(text, [token('O', 'no', 1), token('B-Disease', 'pneumonia', 2)]);
		expect(entities.map((e) => e.text)).toEqual(['pneumonia']);
	});

	it('sorts tokens by index first', () => {
		const text = 'atrial fibrillation';
		const { entities } = entitiesFromTokens(text, [token('I-Disease', 'fibrillation', 2), token('B-Disease', 'atrial', 1)]);
		expect(entities.map((e) => e.text)).toEqual(['atrial fibrillation']);
	});
});
