import { describe, expect, it } from 'vitest';
import type { EntitySpan } from '../ner/entities';
import { describeReason, GROUNDING_THRESHOLDS, groundAnswer, isEntityInNote, type GroundingInput } from './grounding';
import { splitSentences } from './sentences';
import { cosineMatrix } from './vectors';

/** An entity span found by searching `source` for `text` (the test's stand-in for NER). */
function span(source: string, text: string, type: string, score = 0.9): EntitySpan {
	const start = source.indexOf(text);
	if (start === -1) throw new Error(`"${text}" is not in the test text`);
	return { type, text, start, end: start + text.length, score, tokenCount: 1 };
}

const note = 'Patient has atrial fibrillation. Warfarin 5 mg daily. INR is 2.4 today.';
const answer = 'Continue warfarin for atrial fibrillation. Add apixaban for stroke prevention.';
const noteSentences = splitSentences(note);
const answerSentences = splitSentences(answer);

function baseInput(overrides: Partial<GroundingInput> = {}): GroundingInput {
	return {
		answerSentences,
		noteSentences,
		// Hand-made embeddings: answer sentence 0 points almost along note sentence 1, sentence 1 nowhere near.
		similarity: cosineMatrix(
			[
				[0.2, 1, 0.1],
				[0, 0, 1]
			],
			[
				[1, 0, 0],
				[0, 1, 0],
				[0.6, 0.8, 0]
			]
		),
		answerEntities: [
			span(answer, 'warfarin', 'Chemical'),
			span(answer, 'atrial fibrillation', 'Disease'),
			span(answer, 'apixaban', 'Chemical'),
			span(answer, 'stroke', 'Disease')
		],
		// The note's NER found warfarin only; atrial fibrillation must still match through the note text.
		noteEntities: [span(note, 'Warfarin', 'Chemical')],
		noteText: note,
		...overrides
	};
}

describe('GROUNDING_THRESHOLDS', () => {
	it('keeps every threshold in one frozen object with sane ranges', () => {
		expect(Object.isFrozen(GROUNDING_THRESHOLDS)).toBe(true);
		expect(GROUNDING_THRESHOLDS.minSupportSimilarity).toBeGreaterThan(0);
		expect(GROUNDING_THRESHOLDS.minSupportSimilarity).toBeLessThan(1);
		expect(GROUNDING_THRESHOLDS.minEntityScore).toBeGreaterThan(0);
		expect(GROUNDING_THRESHOLDS.minEntityChars).toBeGreaterThanOrEqual(1);
	});
});

describe('groundAnswer', () => {
	it('supports a similar sentence whose entities are in the note and flags one that is neither', () => {
		const [supported, unsupported] = groundAnswer(baseInput());
		expect(supported?.status).toBe('supported');
		expect(supported?.reasons).toEqual([]);
		// cos([0.2,1,0.1], [0,1,0]) = 1 / sqrt(1.05)
		expect(supported?.maxSimilarity).toBeCloseTo(1 / Math.sqrt(1.05), 10);
		expect(supported?.closestNoteSentence?.text).toBe('Warfarin 5 mg daily.');
		expect(supported?.checkedEntities.map((e) => e.isInNote)).toEqual([true, true]);

		expect(unsupported?.status).toBe('unsupported');
		expect(unsupported?.maxSimilarity).toBe(0);
		expect(unsupported?.reasons).toEqual([
			{
				kind: 'low-similarity',
				maxSimilarity: 0,
				threshold: GROUNDING_THRESHOLDS.minSupportSimilarity
			},
			{ kind: 'entity-not-in-note', entity: 'apixaban', type: 'Chemical' },
			{ kind: 'entity-not-in-note', entity: 'stroke', type: 'Disease' }
		]);
	});

	it('flags a similar sentence that names a drug absent from the note', () => {
		const flags = groundAnswer(baseInput({ similarity: () => 0.9 }));
		expect(flags[0]?.status).toBe('supported');
		const flag = flags[1];
		expect(flag?.status).toBe('unsupported');
		expect(flag?.reasons.map((r) => r.kind)).toEqual(['entity-not-in-note', 'entity-not-in-note']);
	});

	it('counts similarity exactly at the threshold as support', () => {
		const at = GROUNDING_THRESHOLDS.minSupportSimilarity;
		const flags = groundAnswer(baseInput({ similarity: (a) => (a === 0 ? at : at - 1e-9), answerEntities: [] }));
		expect(flags.map((f) => f.status)).toEqual(['supported', 'unsupported']);
	});

	it('uses injected thresholds instead of the defaults', () => {
		const flags = groundAnswer(
			baseInput({
				thresholds: { ...GROUNDING_THRESHOLDS, minSupportSimilarity: 0.999 },
				answerEntities: []
			})
		);
		expect(flags[0]?.status).toBe('unsupported');
	});

	it('ignores low-score and very short entities', () => {
		const text = 'Give K and apixaban.';
		const flags = groundAnswer(
			baseInput({
				answerSentences: splitSentences(text),
				similarity: () => 0.9,
				answerEntities: [span(text, 'K', 'Chemical', 0.99), span(text, 'apixaban', 'Chemical', 0.3)]
			})
		);
		expect(flags[0]?.status).toBe('supported');
		expect(flags[0]?.checkedEntities).toEqual([]);
	});

	it('ignores NaN similarities and reports a note with no sentences', () => {
		const [nanFlag] = groundAnswer(baseInput({ similarity: () => Number.NaN, answerEntities: [] }));
		expect(nanFlag?.maxSimilarity).toBeNull();
		expect(nanFlag?.status).toBe('unsupported');
		const [emptyFlag] = groundAnswer(baseInput({ noteSentences: [], similarity: () => 1, answerEntities: [] }));
		expect(emptyFlag?.reasons).toEqual([
			{
				kind: 'low-similarity',
				maxSimilarity: null,
				threshold: GROUNDING_THRESHOLDS.minSupportSimilarity
			}
		]);
	});

	it('rejects a similarity matrix of the wrong shape', () => {
		expect(() => groundAnswer(baseInput({ similarity: [[1, 0, 0]] }))).toThrow(RangeError);
	});
});

describe('isEntityInNote', () => {
	const normalizedNote = 'patient on nystatin; metformin held.';
	it('matches case-insensitively, across invisible characters, as whole words only', () => {
		expect(isEntityInNote('METFORMIN', new Set(), normalizedNote)).toBe(true);
		expect(isEntityInNote('met\u200Bformin,', new Set(), normalizedNote)).toBe(true);
		expect(isEntityInNote('statin', new Set(), normalizedNote)).toBe(false);
		expect(isEntityInNote('Statin', new Set(['statin']), normalizedNote)).toBe(true);
	});
});

describe('describeReason', () => {
	it('says why in words', () => {
		expect(describeReason({ kind: 'entity-not-in-note', entity: 'apixaban', type: 'Sign_symptom' })).toBe(
			'"apixaban" (Sign symptom) is not mentioned in the note.'
		);
		expect(describeReason({ kind: 'low-similarity', maxSimilarity: 0.312, threshold: 0.55 })).toBe(
			'The closest note sentence has similarity 0.31, below 0.55.'
		);
	});
});
