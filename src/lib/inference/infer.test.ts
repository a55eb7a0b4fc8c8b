// The `infer` request end to end over the protocol (handler and client) with the FakeEngine.
import { describe, expect, it } from 'vitest';
import { InferenceClient } from './client';
import { InferenceHandler } from './handler';
import { catalogueModel } from '../models/catalogue';
import { checkTask, cleanTask, taskForInput } from './input';
import {
	MAX_LOGLIK_CONTINUATIONS,
	MAX_TASK_TEXT_CHARS,
	MAX_TASK_TEXTS,
	type TaskInput,
	type WorkerEvent,
	type WorkerRequest
} from './protocol';
import { FakeEngine, SCENARIOS } from './testing/fakeEngine';
import { loopbackPort } from './testing/loopbackPort';

const pref = { device: 'auto' as const, threads: 0 };

function handlerSetup() {
	const events: WorkerEvent[] = [];
	const engine = new FakeEngine(SCENARIOS.happy);
	let clock = 0;
	const handler = new InferenceHandler(engine, (e) => events.push(structuredClone(e)), { now: () => (clock += 5) });
	const send = (request: WorkerRequest) => handler.handle(request);
	const of = (id: string) => events.filter((e) => e.id === id);
	const load = (modelId: string) => send({ type: 'load', id: `load-${modelId}`, entry: catalogueModel(modelId), preference: pref });
	return { engine, send, of, load };
}

const infer = (id: string, modelId: string, input: TaskInput): WorkerRequest => ({ type: 'infer', id, modelId, input });

describe('infer in the handler', () => {
	it('answers output with the run time, then done', async () => {
		const { send, of, load } = handlerSetup();
		await load('bedside/ner-bc5cdr');
		await send(infer('i', 'bedside/ner-bc5cdr', { kind: 'token-classification', texts: ['Aspirin for arthritis.'] }));
		expect(of('i').map((e) => e.type)).toEqual(['output', 'done']);
		const output = of('i')[0];
		if (output?.type !== 'output') throw new Error('no output');
		expect(output.ms).toBe(5);
		expect(output.output).toEqual({
			kind: 'token-classification',
			results: [
				[
					{ entity: 'B-Chemical', score: 0.9, index: 1, word: 'Aspirin' },
					{ entity: 'B-Disease', score: 0.9, index: 3, word: 'arthritis' }
				]
			]
		});
	});

	it('cleans texts before the engine sees them', async () => {
		const { send, load, engine } = handlerSetup();
		await load('bedside/med-embed');
		await send(infer('i', 'bedside/med-embed', { kind: 'embed', texts: ['a\u0000b'] }));
		expect(engine.inferred[0]).toEqual({ kind: 'embed', texts: ['ab'] });
	});

	it('refuses a task the model cannot do with bad_input', async () => {
		const { send, of, load } = handlerSetup();
		await load('bedside/med-embed');
		await send(infer('i', 'bedside/med-embed', { kind: 'token-classification', texts: ['x'] }));
		const error = of('i')[0];
		expect(error?.type === 'error' && error.error.code).toBe('bad_input');
		expect(error?.type === 'error' && error.error.message).toMatch(/feature-extraction model.*token-classification/);
	});

	it('refuses oversized input with bad_input and a clear message', async () => {
		const { send, of, load } = handlerSetup();
		await load('bedside/med-embed');
		await send(infer('i', 'bedside/med-embed', { kind: 'embed', texts: Array.from({ length: MAX_TASK_TEXTS + 1 }, () => 'x') }));
		const error = of('i')[0];
		expect(error?.type === 'error' && error.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/limit is 256/) });
	});

	it('an unloaded model is not_loaded; an unknown one model_not_found', async () => {
		const { send, of } = handlerSetup();
		await send(infer('a', 'bedside/med-embed', { kind: 'embed', texts: ['x'] }));
		await send(infer('b', 'nope/nope', { kind: 'embed', texts: ['x'] }));
		expect(of('a')[0]?.type === 'error' && of('a')[0]).toMatchObject({ error: { code: 'not_loaded' } });
		expect(of('b')[0]?.type === 'error' && of('b')[0]).toMatchObject({ error: { code: 'model_not_found' } });
	});

	it('loglik on the LLM gives one score per continuation', async () => {
		const { send, of, load } = handlerSetup();
		await load('bedside/med-lm');
		await send(infer('i', 'bedside/med-lm', { kind: 'loglik', messages: [{ role: 'user', content: 'Q?' }], continuations: ['A', 'B b'] }));
		const output = of('i')[0];
		expect(output?.type === 'output' && output.output).toEqual({
			kind: 'loglik',
			scores: [
				{ logprob: -1, tokens: 1 },
				{ logprob: -3, tokens: 2 }
			]
		});
	});
});

describe('checkTask', () => {
	it('accepts good input and explains bad input', () => {
		expect(checkTask({ kind: 'embed', texts: ['a'] })).toBeNull();
		expect(checkTask({ kind: 'embed', texts: [] })).toMatch(/at least one/);
		expect(checkTask({ kind: 'token-classification', texts: ['x'.repeat(MAX_TASK_TEXT_CHARS + 1)] })).toMatch(/Text 1/);
		expect(checkTask({ kind: 'loglik', messages: [], continuations: ['a'] })).toMatch(/user message/);
		const messages = [{ role: 'user' as const, content: 'q' }];
		expect(checkTask({ kind: 'loglik', messages, continuations: [] })).toMatch(/from 1 to/);
		expect(checkTask({ kind: 'loglik', messages, continuations: Array(MAX_LOGLIK_CONTINUATIONS + 1).fill('a') })).toMatch(/from 1 to/);
		expect(checkTask({ kind: 'loglik', messages, continuations: [''] })).toMatch(/empty/);
		expect(checkTask({ kind: 'nope' } as unknown as TaskInput)).toMatch(/Unknown task kind/);
		expect(checkTask({ kind: 'generate', messages, maxNewTokens: 16 })).toBeNull();
		expect(checkTask({ kind: 'generate', messages: [], maxNewTokens: 16 })).toMatch(/user message/);
		expect(checkTask({ kind: 'generate', messages, maxNewTokens: 0 })).toMatch(/Max new tokens/);
		expect(checkTask({ kind: 'generate', messages: [{ role: 'user', content: 'x'.repeat(9000) }], maxNewTokens: 8 })).toMatch(/limit/);
	});

	it('generate runs on a chat model only, through the one protocol', async () => {
		const client = new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy)));
		await client.load('bedside/med-lm', pref);
		const { output } = await client.infer('bedside/med-lm', {
			kind: 'generate',
			messages: [{ role: 'user', content: 'fever and cough today' }],
			maxNewTokens: 2
		});
		expect(output).toEqual({ kind: 'generate', text: 'fever and' });
		await client.load('bedside/med-embed', pref);
		await expect(
			client.infer('bedside/med-embed', { kind: 'generate', messages: [{ role: 'user', content: 'q' }], maxNewTokens: 2 })
		).rejects.toMatchObject({ code: 'bad_input' });
	});

	it('maps kinds to catalogue tasks', () => {
		expect(taskForInput('token-classification')).toBe('token-classification');
		expect(taskForInput('embed')).toBe('feature-extraction');
		expect(taskForInput('loglik')).toBe('text-generation');
	});
});

describe('InferenceClient.infer', () => {
	it('resolves with the output and ms; rejects with the typed error', async () => {
		const client = new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy)));
		await client.load('bedside/med-embed', pref);
		const { output, ms } = await client.infer('bedside/med-embed', { kind: 'embed', texts: ['chest pain', 'chest pain'] });
		expect(ms).toBeGreaterThanOrEqual(0);
		if (output.kind !== 'embed') throw new Error('wrong kind');
		expect(output.vectors[0]).toEqual(output.vectors[1]);
		expect(Math.hypot(...output.vectors[0]!)).toBeCloseTo(1, 10);
		await expect(client.infer('bedside/med-embed', { kind: 'embed', texts: [] })).rejects.toMatchObject({ code: 'bad_input' });
	});

	it('two clients (LLM worker and lightweight worker) work independently', async () => {
		const llm = new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.slow)));
		const light = new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy)));
		await llm.load('bedside/med-lm', pref);
		await light.load('bedside/ner-bc5cdr', pref);
		let tokens = 0;
		const run = llm.run('bedside/med-lm', [{ role: 'user', content: 'q' }], { maxNewTokens: 200, temperature: 0 }, () => (tokens += 1));
		const { output } = await light.infer('bedside/ner-bc5cdr', { kind: 'token-classification', texts: ['Heparin'] });
		expect(output.kind).toBe('token-classification');
		expect(tokens).toBeLessThan(200);
		await run.stats;
	});
});

describe('sequence classification and task-prompt generation', () => {
	it('runs on a text-classification model only, one result per text', async () => {
		const { send, of, load } = handlerSetup();
		await load('bedside/ddi-relation');
		await send(
			infer('i', 'bedside/ddi-relation', { kind: 'sequence-classification', texts: ['[E1] A [/E1] increases [E2] B [/E2].', 'Apoptosis.'] })
		);
		const output = of('i')[0];
		if (output?.type !== 'output' || output.output.kind !== 'sequence-classification') throw new Error('no classes');
		expect(output.output.results.map((r) => r.labels)).toEqual([['effect'], ['Resisting cell death']]);
		await load('bedside/ner-bc5cdr');
		await send(infer('j', 'bedside/ner-bc5cdr', { kind: 'sequence-classification', texts: ['x'] }));
		const error = of('j')[0];
		expect(error?.type === 'error' && error.error.code).toBe('bad_input');
		expect(error?.type === 'error' && error.error.message).toMatch(/needs a text-classification model/);
		expect(taskForInput('sequence-classification')).toBe('text-classification');
	});

	it('checks the repetition penalty and keeps it and the stop texts when cleaning', () => {
		const messages = [{ role: 'user' as const, content: 'a\u0000b' }];
		expect(checkTask({ kind: 'generate', messages, maxNewTokens: 4, repetitionPenalty: 1.2 })).toBeNull();
		expect(checkTask({ kind: 'generate', messages, maxNewTokens: 4, repetitionPenalty: 0.5 })).toMatch(/repetition penalty/);
		expect(checkTask({ kind: 'sequence-classification', texts: [] })).toMatch(/at least one text/);
		expect(cleanTask({ kind: 'generate', messages, maxNewTokens: 4, repetitionPenalty: 1.2, stop: ['\n'] })).toEqual({
			kind: 'generate',
			messages: [{ role: 'user', content: 'ab' }],
			maxNewTokens: 4,
			stop: ['\n'],
			repetitionPenalty: 1.2
		});
	});
});
