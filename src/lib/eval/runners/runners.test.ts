import { describe, expect, it } from 'vitest';
import type { TokenPrediction } from '../../ner/entities';
import type { EvalItem, McqItem, NerItem, OpenQaItem, YesNoItem } from '../schema';
import { embedLogReg, embedOptionSimilarity, embedRetrieval } from './embed';
import { baselineRuns, newProgress, runJob, runnerFor, sampleItems, toEvalRun } from './index';
import type { EvalRun } from '../export';

/** A run without its timing fields, which differ between two runs of the same items. */
function withoutTimings(run: EvalRun) {
	const { latencyMsPerItem: _latency, itemsPerSecond: _speed, ...rest } = run;
	return { ...rest, items: run.items.map(({ latencyMs: _ms, ...item }) => item) };
}
import { bestCandidate, llmLoglik } from './llm';
import { repairBio, tagsFromPieces, tagsFromPiecesExact, wordPieceCount } from '../../ner/wordTags';
import { nerTagger } from './ner';
import { fakeClient } from './testing';

/** 3-d "embeddings": counts of the words alpha, beta, gamma (normalised). */
function bagVector(text: string): number[] {
	const words = text.toLowerCase().split(/\W+/);
	const v = ['alpha', 'beta', 'gamma'].map((w) => words.filter((x) => x === w).length + 0.01);
	const norm = Math.hypot(...v);
	return v.map((x) => x / norm);
}
const embedClient = () =>
	fakeClient((input) => (input.kind === 'embed' ? { kind: 'embed', vectors: input.texts.map(bagVector) } : { kind: 'loglik', scores: [] }));

const mcq = (id: string, answer: string, question = 'Q?'): McqItem => ({
	id,
	task: 'mcq',
	question,
	options: { A: 'one', B: 'two', C: 'three', D: 'four' },
	answer
});
const context = { client: embedClient(), modelId: 'm', setId: 's', seed: 1, setItems: [] as EvalItem[] };

describe('sampleItems', () => {
	const items = Array.from({ length: 50 }, (_, i) => i);
	it('draws n distinct items in file order, the same for the same seed', () => {
		const a = sampleItems(items, 10, 7);
		expect(a).toHaveLength(10);
		expect(new Set(a).size).toBe(10);
		expect([...a].sort((x, y) => x - y)).toEqual(a);
		expect(sampleItems(items, 10, 7)).toEqual(a);
		expect(sampleItems(items, 10, 8)).not.toEqual(a);
	});
	it('n <= 0 or >= size takes everything', () => {
		expect(sampleItems(items, 0, 1)).toEqual(items);
		expect(sampleItems(items, 99, 1)).toEqual(items);
	});
});

describe('runner choice', () => {
	it('maps task x role to a method, null where only baselines run', () => {
		expect(runnerFor('mcq', 'llm')?.method).toBe('llm-loglik');
		expect(runnerFor('yesno', 'llm')?.method).toBe('llm-loglik');
		expect(runnerFor('mcq', 'embed')?.method).toBe('embed-option-similarity');
		expect(runnerFor('yesno', 'embed')?.method).toBe('embed-logreg');
		expect(runnerFor('openqa', 'embed')?.method).toBe('embed-retrieval');
		expect(runnerFor('ner', 'ner')?.method).toBe('ner-tagger');
		expect(runnerFor('ner', 'llm')?.method).toBe('llm-generate');
		expect(runnerFor('relation', 'embed')).toBeNull();
	});
});

describe('LLM log-likelihood', () => {
	it('picks the highest log-probability, first on a tie, never NaN', () => {
		expect(bestCandidate(['A', 'B', 'C'], [-3, -1, -2])).toBe('B');
		expect(bestCandidate(['A', 'B'], [-1, -1])).toBe('A');
		expect(bestCandidate(['A', 'B'], [Number.NaN, -5])).toBe('B');
	});
	it('scores each option letter after the fixed prompt', async () => {
		// The fake prefers " C" for the first item and " yes" ... " maybe" by a table.
		const prefer: Record<string, number> = { ' C': -0.5, ' maybe': -0.2 };
		const client = fakeClient((input) => ({
			kind: 'loglik',
			scores: input.kind === 'loglik' ? input.continuations.map((c) => ({ logprob: prefer[c] ?? -4, tokens: 1 })) : []
		}));
		const runner = llmLoglik.create({ ...context, client });
		const yesno: YesNoItem = { id: 'y', task: 'yesno', question: 'Q?', context: 'C', answer: 'no' };
		const out = await runner.predict([mcq('1', 'C'), yesno]);
		expect(out.map((o) => o.prediction)).toEqual(['C', 'maybe']);
		const first = client.calls[0]!;
		expect(first.kind === 'loglik' && first.continuations).toEqual([' A', ' B', ' C', ' D']);
		expect(first.kind === 'loglik' && first.messages[0]!.content).toMatch(/Question: Q\?\nA\. one\n/);
	});
});

describe('NER alignment', () => {
	const piece = (index: number, word: string, entity: string): TokenPrediction => ({ index, word, entity, score: 0.9 });
	it("labels each dataset token by its first piece; O pieces may be missing; '##' pieces ignored", () => {
		// tokens: Aspirin-induced hepatitis . -> pre-tokenizer words: Aspirin - induced hepatitis .
		// pieces: [CLS]0 As1 ##pirin2 -3 induced4 hep5 ##atitis6 .7
		const tokens = ['Aspirin-induced', 'hepatitis', '.'];
		const pieces = [
			piece(1, 'As', 'B-Chemical'),
			piece(2, '##pirin', 'I-Chemical'),
			piece(4, 'induced', 'I-Chemical'),
			piece(5, 'hep', 'B-Disease'),
			piece(6, '##atitis', 'I-Disease')
		];
		expect(tagsFromPieces(tokens, pieces)).toEqual(['B-Chemical', 'B-Disease', 'O']);
		expect(tagsFromPieces(tokens, pieces, new Set(['Disease']))).toEqual(['O', 'B-Disease', 'O']);
	});
	it('does not match a piece to an earlier word of the same spelling beyond its index', () => {
		// "of cancer of" with only the second "of"... entity pieces after gaps land on the right word.
		const tokens = ['cancer', 'of', 'the', 'lung', 'cancer'];
		const pieces = [piece(5, 'cancer', 'B-Disease')];
		expect(tagsFromPieces(tokens, pieces)).toEqual(['O', 'O', 'O', 'O', 'B-Disease']);
	});
	it('with the WordPiece vocabulary, matches predictions by piece index exactly', () => {
		const vocab = new Set(['IF', '##O', 'is', 'an', 'al', '##ky', '##lating', 'agent', '-', 'induced', 'hepatitis', '.']);
		expect(wordPieceCount('alkylating', vocab)).toBe(3);
		expect(wordPieceCount('zzz', vocab)).toBe(1);
		// [CLS]0 IF1 ##O2 is3 an4 al5 ##ky6 ##lating7 agent8 -9 induced10 .11 -> "IFO" B at 1; "I"-like pieces elsewhere ignored
		const tokens = ['IFO', 'is', 'an', 'alkylating', 'agent-induced', '.'];
		const pieces = [
			piece(1, 'IF', 'B-Chemical'),
			piece(2, '##O', 'I-Chemical'),
			piece(6, '##ky', 'B-Chemical'),
			piece(8, 'agent', 'B-Chemical'),
			piece(10, 'induced', 'I-Chemical')
		];
		expect(tagsFromPiecesExact(tokens, pieces, vocab)).toEqual(['B-Chemical', 'O', 'O', 'O', 'B-Chemical', 'O']);
	});
	it('repairs stray I- tags to B-', () => {
		expect(repairBio(['I-D', 'I-D', 'O', 'I-C', 'B-D', 'I-D'])).toEqual(['B-D', 'I-D', 'O', 'B-C', 'B-D', 'I-D']);
	});
	it('batches sentences through the token classifier', async () => {
		const client = fakeClient((input) => ({
			kind: 'token-classification',
			results:
				input.kind === 'token-classification'
					? input.texts.map((text) => (text.startsWith('cisplatin') ? [piece(1, 'cisplatin', 'B-Chemical')] : []))
					: []
		}));
		const items: NerItem[] = [
			{ id: 'a', task: 'ner', tokens: ['cisplatin', 'toxicity'], tags: ['B-Chemical', 'O'] },
			{ id: 'b', task: 'ner', tokens: ['none'], tags: ['O'] }
		];
		const runner = nerTagger.create({ ...context, client, setItems: items });
		expect((await runner.predict(items)).map((o) => o.prediction)).toEqual([['B-Chemical', 'O'], ['O']]);
		expect(client.calls).toHaveLength(1);
	});
});

describe('embedding runners', () => {
	it('multiple choice: the option most similar to the question', async () => {
		const item: McqItem = {
			id: 'q',
			task: 'mcq',
			question: 'gamma gamma',
			options: { A: 'alpha', B: 'beta', C: 'gamma', D: 'alpha beta' },
			answer: 'C'
		};
		const out = await embedOptionSimilarity.create(context).predict([item]);
		expect(out[0]!.prediction).toBe('C');
	});
	it('yes/no/maybe: a logistic regression trained on the train split', async () => {
		const word = { yes: 'alpha', no: 'beta', maybe: 'gamma' } as const;
		const train: YesNoItem[] = Array.from({ length: 30 }, (_, i) => {
			const answer = (['yes', 'no', 'maybe'] as const)[i % 3]!;
			return { id: `t${i}`, task: 'yesno', question: `${word[answer]} ${word[answer]}`, context: 'text', answer };
		});
		const runner = embedLogReg.create({ ...context, client: embedClient(), loadTrain: async () => train });
		expect(await runner.prepare!()).toBe('trained on 30 train items');
		const test: YesNoItem[] = [
			{ id: 'x', task: 'yesno', question: 'beta', context: 'text', answer: 'no' },
			{ id: 'y', task: 'yesno', question: 'gamma', context: 'text', answer: 'maybe' }
		];
		expect((await runner.predict(test)).map((o) => o.prediction)).toEqual(['no', 'maybe']);
	});
	it('open answers: the answer of the nearest train question, with answer similarity', async () => {
		const train: OpenQaItem[] = [
			{ id: 't1', task: 'openqa', question: 'alpha?', answer: 'alpha answer' },
			{ id: 't2', task: 'openqa', question: 'beta?', answer: 'beta answer' }
		];
		const runner = embedRetrieval.create({ ...context, client: embedClient(), loadTrain: async () => train });
		await runner.prepare!();
		const out = await runner.predict([{ id: 'd', task: 'openqa', question: 'what about beta', answer: 'beta answer' }]);
		expect(out[0]!.prediction).toBe('beta answer');
		expect(out[0]!.extra?.answer_similarity).toBeCloseTo(1, 6);
	});
});

describe('runJob, toEvalRun and baselines', () => {
	const items = Array.from({ length: 10 }, (_, i) => mcq(`m${i}`, i % 2 ? 'C' : 'A'));
	const client = () =>
		fakeClient((input) => ({
			kind: 'loglik',
			scores: input.kind === 'loglik' ? input.continuations.map((c) => ({ logprob: c === ' C' ? -1 : -2, tokens: 1 })) : []
		}));
	let clock = 0;
	const now = () => (clock += 10);

	it('cancel keeps what ran, resume finishes, and the run equals an uninterrupted one', async () => {
		const progress = newProgress();
		const controller = new AbortController();
		const seen: number[] = [];
		const complete = await runJob(llmLoglik.create({ ...context, client: client() }), items, progress, {
			signal: controller.signal,
			now,
			onProgress: (done) => {
				seen.push(done);
				if (done === 4) controller.abort();
			}
		});
		expect(complete).toBe(false);
		expect(progress.outcomes.size).toBe(4);
		const resumedClient = client();
		expect(await runJob(llmLoglik.create({ ...context, client: resumedClient }), items, progress, { now })).toBe(true);
		expect(resumedClient.calls).toHaveLength(6);

		const straight = newProgress();
		await runJob(llmLoglik.create({ ...context, client: client() }), items, straight, { now });
		const info = { set: 'medqa', model: 'bedside/med-lm', backend: 'wasm', seed: 3, method: 'llm-loglik' };
		const run = toEvalRun(info, items, progress);
		expect(withoutTimings(run)).toEqual(withoutTimings(toEvalRun(info, items, straight)));
		expect(run.metrics[0]!.name).toBe('accuracy');
		expect(run.metrics[0]!.ci.estimate).toBe(0.5);
		expect(run.metrics[0]!.ci.lower).toBeLessThanOrEqual(0.5);
		expect(run.metrics[0]!.ci.upper).toBeGreaterThanOrEqual(0.5);
		expect(run.latencyMsPerItem).toBe(10);
		expect(run.itemsPerSecond).toBe(100);
		expect(run.items[1]).toEqual({ id: 'm1', gold: 'C', prediction: 'C', score: 1, latencyMs: 10 });
		expect(run.promptVersion).toBeDefined();
	});

	it('baselines: majority with a CI, chance as a point', () => {
		const runs = baselineRuns('medqa', items, 1);
		expect(runs.map((r) => r.model)).toEqual(['baseline:chance', 'baseline:majority']);
		expect(runs[0]!.metrics[0]!.ci).toMatchObject({ estimate: 0.25, lower: 0.25, upper: 0.25, resamples: 0 });
		expect(runs[1]!.metrics[0]!.ci.estimate).toBe(0.5);
		expect(runs[1]!.items).toHaveLength(10);
	});
});
