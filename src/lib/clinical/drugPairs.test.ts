import { describe, expect, it } from 'vitest';
import examples from './__fixtures__/ddi-markers.json';
import { drugPairs, markPair, MAX_DRUG_PAIRS, type MarkedEntity } from './drugPairs';
import type { EntitySpan } from '../ner/entities';
import { splitSentences } from './sentences';

interface Example {
	input: { context: string; entities: MarkedEntity[] };
	marked: string;
}

describe('markPair', () => {
	it.each((examples.examples as unknown as Example[]).map((e) => [e.marked, e] as const))('matches training: %s', (_marked, example) => {
		expect(markPair(example.input.context, example.input.entities)).toBe(example.marked);
	});

	it('marks the second entity first when it comes first in the text', () => {
		const text = 'warfarin and aspirin';
		expect(
			markPair(text, [
				{ text: 'aspirin', spans: [[13, 20]] },
				{ text: 'warfarin', spans: [[0, 8]] }
			])
		).toBe('[E2] warfarin [/E2] and [E1] aspirin [/E1]');
	});

	it('refuses a pair without spans inside the text', () => {
		expect(() =>
			markPair('abc', [
				{ text: 'a', spans: [] },
				{ text: 'b', spans: [[1, 2]] }
			])
		).toThrow(/no span/);
		expect(() =>
			markPair('abc', [
				{ text: 'a', spans: [[0, 1]] },
				{ text: 'b', spans: [[1, 9]] }
			])
		).toThrow(/inside the text/);
		expect(() => markPair('abc', [{ text: 'a', spans: [[0, 1]] }])).toThrow(/two entities/);
	});
});

const entity = (note: string, text: string, type = 'Chemical', from = 0): EntitySpan => {
	const start = note.indexOf(text, from);
	return { type, text, start, end: start + text.length, score: 0.9, tokenCount: 1 };
};

describe('drugPairs', () => {
	const note = 'Lithium was continued. Hydrochlorothiazide was started with lithium and ibuprofen for pain.';
	const sentences = splitSentences(note);

	it('pairs drug entities of one sentence only, in text order, with sentence-local marks', () => {
		const entities = [
			entity(note, 'Lithium'),
			entity(note, 'Hydrochlorothiazide'),
			entity(note, 'lithium', 'Chemical', 30),
			entity(note, 'ibuprofen'),
			entity(note, 'pain', 'Disease')
		];
		const pairs = drugPairs(sentences, entities);
		expect(pairs.map((p) => [p.first.text, p.second.text])).toEqual([
			['Hydrochlorothiazide', 'lithium'],
			['Hydrochlorothiazide', 'ibuprofen'],
			['lithium', 'ibuprofen']
		]);
		expect(pairs[0]!.marked).toBe('[E1] Hydrochlorothiazide [/E1] was started with [E2] lithium [/E2] and ibuprofen for pain.');
		expect(pairs.every((p) => p.sentenceIndex === 1)).toBe(true);
	});

	it('skips two mentions of the same drug and stops at the cap', () => {
		const text = 'Aspirin and aspirin.';
		expect(drugPairs(splitSentences(text), [entity(text, 'Aspirin'), entity(text, 'aspirin')])).toEqual([]);
		// 20 drugs in one sentence make 190 pairs.
		const names = Array.from({ length: 20 }, (_, i) => `drug${String.fromCharCode(97 + i)}`);
		const list = `${names.join(', ')}.`;
		expect(
			drugPairs(
				splitSentences(list),
				names.map((name) => entity(list, name))
			)
		).toHaveLength(MAX_DRUG_PAIRS);
	});
});
