import { describe, expect, it } from 'vitest';
import {
	answerByRetrieval,
	classifyByEmbedding,
	formatLabelLines,
	lexicalOverlap,
	parseLabelLines,
	rankNoteSentences,
	RETRIEVAL_SETTINGS
} from './retrieval';
import { splitSentences } from './sentences';

const note = 'Patient has type 2 diabetes. Metformin dose is 500 mg twice daily. Lungs are clear.';
const noteSentences = splitSentences(note);

describe('lexicalOverlap', () => {
	it('is the share of question content words found in the sentence', () => {
		// content words: metformin, dose -> both present ("doses" folds to "dose")
		expect(lexicalOverlap('What is the metformin dose?', 'Metformin doses vary.')).toBe(1);
		// content words: metformin, dose, lungs->lung; only "lung" is present
		expect(lexicalOverlap('Metformin dose lungs?', 'Lungs are clear.')).toBeCloseTo(1 / 3, 10);
		expect(lexicalOverlap('What is it?', 'Anything.')).toBe(0);
	});
});

describe('rankNoteSentences / answerByRetrieval', () => {
	const question = 'What is the metformin dose?';
	const input = {
		question,
		questionEmbedding: [1, 0],
		noteSentences,
		sentenceEmbeddings: [
			[1, 1],
			[0.6, 0.8],
			[0, 1]
		]
	};

	it('combines cosine and lexical overlap with the configured weight', () => {
		const ranked = rankNoteSentences(input);
		const w = RETRIEVAL_SETTINGS.lexicalWeight;
		expect(ranked.map((r) => r.index)).toEqual([1, 0, 2]);
		expect(ranked[0]?.cosine).toBeCloseTo(0.6, 10);
		expect(ranked[0]?.lexical).toBe(1);
		expect(ranked[0]?.score).toBeCloseTo((1 - w) * 0.6 + w, 10);
		expect(ranked[1]?.score).toBeCloseTo((1 - w) * Math.SQRT1_2, 10);
		expect(ranked[2]?.score).toBeCloseTo(0, 10);
	});

	it('ranks by cosine alone when the lexical weight is zero', () => {
		expect(rankNoteSentences({ ...input, lexicalWeight: 0 }).map((r) => r.index)).toEqual([0, 1, 2]);
	});

	it('answers with a span of the note', () => {
		const answer = answerByRetrieval(input);
		expect(answer?.text).toBe('Metformin dose is 500 mg twice daily.');
		expect(note.slice(answer?.start, answer?.end)).toBe(answer?.text);
		expect(answer?.ranked).toHaveLength(3);
	});

	it('returns null for an empty note and rejects mismatched embeddings', () => {
		expect(answerByRetrieval({ ...input, noteSentences: [], sentenceEmbeddings: [] })).toBeNull();
		expect(() => rankNoteSentences({ ...input, sentenceEmbeddings: [[1, 0]] })).toThrow(RangeError);
	});
});

describe('classifyByEmbedding', () => {
	const labels = [
		{ label: 'cardiology', description: 'heart' },
		{ label: 'pulmonology', description: 'lungs' },
		{ label: 'dermatology', description: 'skin' }
	];

	it('returns softmax(cosine / temperature) sorted by score', () => {
		const scores = classifyByEmbedding({
			textEmbedding: [1, 0],
			labels,
			labelEmbeddings: [
				[0, 1],
				[1, 0],
				[-1, 0]
			],
			temperature: 1
		});
		// cosines 0, 1, -1 -> softmax [1, e, 1/e] / (1 + e + 1/e)
		const sum = 1 + Math.E + 1 / Math.E;
		expect(scores.map((s) => s.label)).toEqual(['pulmonology', 'cardiology', 'dermatology']);
		expect(scores[0]?.score).toBeCloseTo(Math.E / sum, 10);
		expect(scores[1]?.score).toBeCloseTo(1 / sum, 10);
		expect(scores[2]?.score).toBeCloseTo(1 / Math.E / sum, 10);
		expect(scores.reduce((a, s) => a + s.score, 0)).toBeCloseTo(1, 10);
	});

	it('sharpens with a lower temperature', () => {
		const embeddings = [
			[0.9, 0.1],
			[0.8, 0.2],
			[0, 1]
		];
		const soft = classifyByEmbedding({
			textEmbedding: [1, 0],
			labels,
			labelEmbeddings: embeddings,
			temperature: 1
		});
		const sharp = classifyByEmbedding({
			textEmbedding: [1, 0],
			labels,
			labelEmbeddings: embeddings
		});
		expect(sharp[0]?.label).toBe('cardiology');
		expect(sharp[0]?.score).toBeGreaterThan(soft[0]?.score ?? 1);
	});

	it('rejects mismatched embeddings', () => {
		expect(() => classifyByEmbedding({ textEmbedding: [1], labels, labelEmbeddings: [[1]] })).toThrow(RangeError);
	});
});

describe('parseLabelLines / formatLabelLines', () => {
	it('reads "label: description" lines, drops blanks and repeats', () => {
		const parsed = parseLabelLines('urgent: needs care within hours\n\n routine \nUrgent: again\r\nlabs:');
		expect(parsed).toEqual([
			{ label: 'urgent', description: 'needs care within hours' },
			{ label: 'routine', description: 'routine' },
			{ label: 'labs', description: 'labs' }
		]);
		expect(parseLabelLines(formatLabelLines(parsed))).toEqual(parsed);
	});

	it('caps the number of labels', () => {
		const many = Array.from({ length: 50 }, (_, i) => `label ${i}`).join('\n');
		expect(parseLabelLines(many)).toHaveLength(RETRIEVAL_SETTINGS.maxLabels);
	});
});
