import { describe, expect, it } from 'vitest';
import type { EntitySpan } from '../../ner/entities';
import { splitSentences } from '../../clinical/sentences';
import { InferenceError } from '../../inference/errors';
import type { TaskInput, TaskOutput } from '../../inference/protocol';
import { catalogueModel } from '../../models/catalogue';
import type { InferClient } from '../../inference/capabilities';
import {
	emptySpecialist,
	hallmarksOf,
	installedModelFor,
	interactionsOf,
	rememberInstalled,
	runSpecialist,
	type HallmarksResult
} from './specialists';

/** A scripted classifier: labels per text from `labelsFor`, each label with probability 0.7; every call recorded. */
function classifier(labelsFor: (text: string) => string[]) {
	const calls: TaskInput[] = [];
	const infer: InferClient['infer'] = async (_modelId, input) => {
		calls.push(input);
		if (input.kind !== 'sequence-classification') throw new Error(`unexpected ${input.kind}`);
		const output: TaskOutput = {
			kind: 'sequence-classification',
			results: input.texts.map((text) => {
				const labels = labelsFor(text);
				return { labels, scores: [...labels.map((label) => ({ label, score: 0.7 })), { label: 'other', score: 0.1 }] };
			})
		};
		return { output, ms: 2 };
	};
	return { client: { infer } satisfies InferClient, calls };
}

const chemical = (note: string, text: string): EntitySpan => {
	const start = note.indexOf(text);
	return { type: 'Chemical', text, start, end: start + text.length, score: 0.9, tokenCount: 1 };
};

describe('hallmarksOf', () => {
	it('classifies every sentence in batches of 32 and keeps only the predicted labels, most probable first', async () => {
		const note = Array.from({ length: 40 }, (_, i) => (i === 3 ? 'Cells escaped apoptosis.' : `Sentence number ${i}.`)).join(' ');
		const { client, calls } = classifier((text) => (text.includes('apoptosis') ? ['Resisting cell death'] : []));
		const result = await hallmarksOf(client, 'm', splitSentences(note));
		expect(calls.map((c) => (c.kind === 'sequence-classification' ? c.texts.length : 0))).toEqual([32, 8]);
		expect(result.ms).toBe(4);
		expect(result.sentences).toHaveLength(40);
		expect(result.sentences[3]).toMatchObject({
			text: 'Cells escaped apoptosis.',
			labels: [{ label: 'Resisting cell death', score: 0.7 }]
		});
		expect(note.slice(result.sentences[3]!.start, result.sentences[3]!.end)).toBe('Cells escaped apoptosis.');
		expect(result.sentences[0]!.labels).toEqual([]);
	});
});

describe('interactionsOf', () => {
	it('types each drug pair of one sentence from its marked text; no pair makes no model call', async () => {
		const note = 'Fluconazole raises warfarin levels. Aspirin was stopped.';
		const { client, calls } = classifier((text) => [
			text.startsWith('[E1] Fluconazole [/E1] raises [E2] warfarin [/E2]') ? 'mechanism' : 'none'
		]);
		const sentences = splitSentences(note);
		const result = await interactionsOf(client, 'm', sentences, [
			chemical(note, 'Fluconazole'),
			chemical(note, 'warfarin'),
			chemical(note, 'Aspirin')
		]);
		expect(result.pairs).toEqual([
			expect.objectContaining({ sentenceIndex: 0, first: { text: 'Fluconazole', start: 0, end: 11 }, label: 'mechanism', score: 0.7 })
		]);
		expect(result).toMatchObject({ sentencesWithPairs: 1, isCapped: false });
		const none = await interactionsOf(client, 'm', sentences, [chemical(note, 'Aspirin')]);
		expect(none.pairs).toEqual([]);
		expect(calls).toHaveLength(1);
	});
});

describe('runSpecialist', () => {
	it('keeps a failure in its own view, and does nothing without a model', async () => {
		const view = emptySpecialist<HallmarksResult>();
		await runSpecialist(
			view,
			null,
			async () => Promise.reject(new Error('not called')),
			async () => ({ sentences: [], ms: 0 })
		);
		expect(view).toEqual(emptySpecialist());
		const entry = catalogueModel('bedside/hoc-hallmarks');
		const loaded = { modelId: entry.id, device: 'wasm' as const, dtype: 'q8' as const, threads: 1, loadMs: 5, reason: 'test' };
		await runSpecialist(
			view,
			entry,
			async () => loaded,
			async () => {
				throw new InferenceError('run_failed', 'bedside/hoc-hallmarks failed on the sequence-classification task.');
			}
		);
		expect(view).toMatchObject({ modelId: entry.id, phase: 'error', loaded, result: null, error: { code: 'run_failed' } });
	});

	it('picks the first installed model of a role', async () => {
		expect((await installedModelFor('hallmarks', async (e) => e.id === 'bedside/hoc-hallmarks'))?.id).toBe('bedside/hoc-hallmarks');
		expect(await installedModelFor('relation', async () => false)).toBeNull();
		expect(await installedModelFor('relation', async () => Promise.reject(new Error('HEAD failed')))).toBeNull();
	});

	it('asks about an installed model once, and about a missing one again', async () => {
		const asked: string[] = [];
		let isThere = false;
		const check = rememberInstalled(async (e) => {
			asked.push(e.id);
			return isThere || e.id === 'bedside/hoc-hallmarks';
		});
		for (let i = 0; i < 3; i++) await installedModelFor('hallmarks', check);
		expect(asked.filter((id) => id === 'bedside/hoc-hallmarks')).toHaveLength(1);
		expect(await installedModelFor('relation', check)).toBeNull();
		isThere = true;
		expect((await installedModelFor('relation', check))?.id).toBe('bedside/ddi-relation');
		expect(asked.filter((id) => id === 'bedside/ddi-relation')).toHaveLength(2);
	});
});
