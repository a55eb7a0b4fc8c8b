import { describe, expect, it } from 'vitest';
import type { EntitySpan } from '../../ner/entities';
import type { TaskInput, TaskOutput } from '../../inference/protocol';
import { analyseWithEmbeddings, extractEntities, groundWithModels, segmentNote } from './analysis';
import type { InferClient } from '../../inference/capabilities';

/** NER tags words ending in -in as Chemical and -sis as Disease; embeddings are one-hot by first letter. */
const infer: InferClient['infer'] = async (_modelId: string, input: TaskInput) => {
	let output: TaskOutput;
	if (input.kind === 'token-classification') {
		output = {
			kind: input.kind,
			results: input.texts.map((text) =>
				text.split(' ').flatMap((raw, i) => {
					const word = raw.replace(/[.,]/g, '');
					if (word.endsWith('in')) return [{ entity: 'B-Chemical', score: 0.9, index: i + 1, word }];
					if (word.endsWith('sis')) return [{ entity: 'B-Disease', score: 0.8, index: i + 1, word }];
					return [];
				})
			)
		};
	} else if (input.kind === 'embed') {
		output = {
			kind: input.kind,
			vectors: input.texts.map((t) => {
				const v = [0, 0, 0];
				v[{ w: 0, s: 1 }[t.trim()[0]?.toLowerCase() ?? ''] ?? 2] = 1;
				return v;
			})
		};
	} else {
		output = { kind: 'loglik', scores: [] };
	}
	return { output, ms: 7 };
};
const client: InferClient = { infer };

const note = 'Sepsis was treated. Warfarin for thrombosis.';

describe('extractEntities', () => {
	it('runs per sentence and gives offsets in the whole text', async () => {
		const { entities, sentences, ms } = await extractEntities(client, 'ner', note);
		expect(sentences).toBe(2);
		expect(ms).toBe(7);
		expect(entities.map((e) => [e.type, e.text, note.slice(e.start, e.end)])).toEqual([
			['Disease', 'Sepsis', 'Sepsis'],
			['Chemical', 'Warfarin', 'Warfarin'],
			['Disease', 'thrombosis', 'thrombosis']
		]);
	});

	it('does not call the model for empty text', async () => {
		expect(await extractEntities({ infer: () => Promise.reject(new Error('called')) }, 'ner', '  ')).toEqual({
			entities: [],
			ms: 0,
			sentences: 0,
			unaligned: []
		});
	});
});

describe('analyseWithEmbeddings', () => {
	it('answers with a note sentence, ranks closest sentences and scores labels', async () => {
		const result = await analyseWithEmbeddings(client, 'embed', {
			note,
			question: 'What was warfarin for?',
			labels: [
				{ label: 'a', description: 'other' },
				{ label: 'b', description: 'severe illness' }
			]
		});
		expect(result.qa?.text).toBe('Warfarin for thrombosis.');
		expect(note.slice(result.qa!.start, result.qa!.end)).toBe(result.qa!.text);
		expect(result.closest.map((s) => s.text)).toEqual(['Warfarin for thrombosis.', 'Sepsis was treated.']);
		expect(result.labels.map((l) => l.label)).toEqual(['b', 'a']);
		expect(result.noteVectors).toHaveLength(2);
	});
});

describe('groundWithModels', () => {
	it('flags an answer sentence with a drug the note lacks and a dissimilar meaning', async () => {
		const ner = await extractEntities(client, 'ner', note);
		const analysis = await analyseWithEmbeddings(client, 'embed', { note, question: '', labels: [] });
		const run = await groundWithModels(
			client,
			{ ner: 'ner', embed: 'embed' },
			{ text: note, sentences: analysis.noteSentences, vectors: analysis.noteVectors, entities: ner.entities },
			'Warfarin for thrombosis. Heparin is better.'
		);
		expect(run.flags.map((f) => f.status)).toEqual(['supported', 'unsupported']);
		expect(run.flags[1]?.reasons.map((r) => r.kind)).toEqual(['low-similarity', 'entity-not-in-note']);
	});

	it('an empty answer has no flags', async () => {
		const run = await groundWithModels(client, { ner: 'n', embed: 'e' }, { text: note, sentences: [], vectors: [], entities: [] }, ' ');
		expect(run.flags).toEqual([]);
	});
});

describe('segmentNote', () => {
	const e = (start: number, end: number, type = 'Chemical'): EntitySpan => ({
		type,
		text: note.slice(start, end),
		start,
		end,
		score: 1,
		tokenCount: 1
	});

	it('covers the text exactly, marking entities and the answer', () => {
		const segments = segmentNote(note, [e(20, 28), e(0, 6, 'Disease')], { start: 20, end: 44 });
		expect(segments.map((s) => s.text).join('')).toBe(note);
		expect(segments.filter((s) => s.entity).map((s) => s.text)).toEqual(['Sepsis', 'Warfarin']);
		expect(
			segments
				.filter((s) => s.isAnswer)
				.map((s) => s.text)
				.join('')
		).toBe('Warfarin for thrombosis.');
	});

	it('drops overlapping and out-of-range entities', () => {
		const segments = segmentNote(note, [e(20, 28), { ...e(22, 30) }, { ...e(40, 99) }], null);
		expect(segments.filter((s) => s.entity).map((s) => s.text)).toEqual(['Warfarin']);
		expect(segments.map((s) => s.text).join('')).toBe(note);
	});
});
