import { describe, expect, it } from 'vitest';
import { catalogueModel } from '../models/catalogue';
import { InferenceHandler, type HandlerOptions } from './handler';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { FakeEngine, SCENARIOS, type Scenario } from './testing/fakeEngine';

function setup(scenario: Scenario = SCENARIOS.happy, options: HandlerOptions = { streamIntervalMs: 0 }) {
	const events: WorkerEvent[] = [];
	const engine = new FakeEngine(scenario);
	const handler = new InferenceHandler(engine, (e) => events.push(structuredClone(e)), options);
	const send = (request: WorkerRequest) => handler.handle(request);
	const of = (id: string) => events.filter((e) => e.id === id);
	return { events, engine, handler, send, of };
}

const load = (id: string, device: 'auto' | 'wasm' | 'webgpu' = 'auto'): WorkerRequest => ({
	type: 'load',
	id,
	entry: catalogueModel('bedside/med-lm'),
	preference: { device, threads: 0 }
});
const run = (id: string, content = 'What is sepsis?', maxNewTokens = 32): WorkerRequest => ({
	type: 'run',
	id,
	modelId: 'bedside/med-lm',
	messages: [{ role: 'user', content }],
	options: { maxNewTokens, temperature: 0 }
});

function terminals(events: WorkerEvent[]) {
	return events.filter((e) => e.type === 'done' || e.type === 'error');
}

describe('InferenceHandler', () => {
	it('detect answers runtime then done', async () => {
		const { send, of } = setup();
		await send({ type: 'detect', id: 'd' });
		expect(of('d').map((e) => e.type)).toEqual(['runtime', 'done']);
	});

	it('load reports runtime, per-file progress, phases, ready with device and dtype, then done', async () => {
		const { send, of } = setup();
		await send(load('l'));
		const types = of('l').map((e) => e.type);
		expect(types[0]).toBe('runtime');
		expect(types.slice(-2)).toEqual(['ready', 'done']);
		const files = of('l').flatMap((e) => (e.type === 'progress' && e.progress.status === 'initiate' ? [e.progress.file] : []));
		expect(files).toEqual(SCENARIOS.happy.files);
		expect(
			of('l')
				.filter((e) => e.type === 'phase')
				.map((e) => e.type === 'phase' && e.phase)
		).toEqual(['loading', 'warming']);
		const ready = of('l').find((e) => e.type === 'ready');
		expect(ready?.type === 'ready' && ready.model).toMatchObject({ modelId: 'bedside/med-lm', device: 'wasm', dtype: 'q8', threads: 2 });
	});

	it('run streams token events and ends with stats', async () => {
		const { send, of } = setup();
		await send(load('l'));
		await send(run('r'));
		const tokens = of('r').filter((e) => e.type === 'token');
		expect(tokens.map((e) => e.type === 'token' && e.text).join('')).toBe('The patient should rest.');
		expect(tokens.map((e) => e.type === 'token' && e.tokens)).toEqual([1, 2, 3, 4, 5]);
		const done = of('r').at(-1);
		expect(done?.type).toBe('done');
		expect(done?.type === 'done' && done.stats).toMatchObject({ tokens: 5, isInterrupted: false, text: 'The patient should rest.' });
	});

	it('streams fast tokens in fewer messages, first piece at once, nothing lost', async () => {
		let clock = 0;
		const { send, of } = setup(SCENARIOS.happy, { now: () => (clock += 5), streamIntervalMs: 16 });
		await send(load('l'));
		await send(run('r'));
		const tokens = of('r').filter((e) => e.type === 'token');
		expect(tokens.length).toBeGreaterThan(1);
		expect(tokens.length).toBeLessThan(5);
		expect(tokens[0]?.type === 'token' && tokens[0].tokens).toBe(1);
		expect(tokens.map((e) => e.type === 'token' && e.text).join('')).toBe('The patient should rest.');
		expect(tokens.at(-1)?.type === 'token' && tokens.at(-1)?.tokens).toBe(5);
		expect(of('r').at(-1)?.type).toBe('done');
	});

	it('refuses bad input with one error event and never reaches the engine', async () => {
		const { send, of, engine } = setup();
		await send(load('l'));
		await send(run('r', '   '));
		expect(of('r')).toEqual([{ type: 'error', id: 'r', error: { code: 'bad_input', message: 'Type a prompt first.' } }]);
		expect(engine.prompts).toEqual([]);
	});

	it('cleans odd Unicode before the engine sees it', async () => {
		const { send, engine } = setup();
		await send(load('l'));
		await send(run('r', 'fever\u0000 \uD800'));
		expect(engine.prompts[0]?.[0]?.content).toBe('fever \uFFFD');
	});

	it('errors with not_loaded when running before load, and model_not_found for unknown ids', async () => {
		const { send, of } = setup();
		await send(run('r'));
		expect(of('r')).toMatchObject([{ type: 'error', error: { code: 'not_loaded' } }]);
		await send({ ...load('l'), entry: undefined } as unknown as WorkerRequest);
		expect(terminals(of('l'))).toMatchObject([{ type: 'error', error: { code: 'model_not_found' } }]);
	});

	it('loads the entry the request carries, and reloads an own model added again under the same id', async () => {
		const { send, of, engine } = setup();
		const own = { ...catalogueModel('bedside/med-lm'), id: 'user/my-lm', addedAt: '2026-01-01T00:00:00.000Z' };
		const unloads: string[] = [];
		const unload = engine.unload.bind(engine);
		engine.unload = async (id) => {
			unloads.push(id);
			return unload(id);
		};
		await send({ ...load('a'), entry: own } as WorkerRequest);
		expect(of('a').find((e) => e.type === 'ready')).toMatchObject({ model: { modelId: 'user/my-lm' } });
		await send({ ...load('b'), entry: own } as WorkerRequest);
		expect(unloads).toEqual([]);
		await send({ ...load('c'), entry: { ...own, addedAt: '2026-02-01T00:00:00.000Z' } } as WorkerRequest);
		expect(unloads).toEqual(['user/my-lm']);
		expect(terminals(of('c'))).toMatchObject([{ type: 'done' }]);
	});

	it('turns a load failure into one typed error', async () => {
		const { send, of } = setup(SCENARIOS.missingFile);
		await send(load('l'));
		expect(terminals(of('l'))).toMatchObject([{ type: 'error', error: { code: 'model_file_missing' } }]);
		expect(of('l').some((e) => e.type === 'ready')).toBe(false);
	});

	it('falls back from WebGPU to WASM with a notice and says so in ready', async () => {
		const { send, of } = setup(SCENARIOS.brokenGpu);
		await send(load('l', 'webgpu'));
		expect(of('l').some((e) => e.type === 'notice')).toBe(true);
		const ready = of('l').find((e) => e.type === 'ready');
		expect(ready?.type === 'ready' && ready.model).toMatchObject({ device: 'wasm', fallback: { from: 'webgpu' } });
	});

	it('interrupts a running generation through the interrupt request, and rejects a second run as busy', async () => {
		const { send, of } = setup(SCENARIOS.slow);
		await send(load('l'));
		const running = send(run('r', 'long', 200));
		await new Promise((r) => setTimeout(r, 30));
		await send(run('r2'));
		expect(of('r2')).toMatchObject([{ type: 'error', error: { code: 'busy' } }]);
		await send({ type: 'interrupt', id: 'i', target: 'r' });
		await running;
		expect(of('i')).toEqual([{ type: 'done', id: 'i' }]);
		const done = of('r').at(-1);
		expect(done?.type === 'done' && done.stats?.isInterrupted).toBe(true);
		expect(done?.type === 'done' && done.stats?.tokens).toBeLessThan(200);
	});

	it('stops on the shared stop flag without any message', async () => {
		const { send, of } = setup(SCENARIOS.slow);
		await send(load('l'));
		const stopFlag = new Int32Array(new SharedArrayBuffer(4));
		const running = send({ ...run('r', 'long', 200), stopFlag } as WorkerRequest);
		await new Promise((r) => setTimeout(r, 30));
		Atomics.store(stopFlag, 0, 1);
		await running;
		const done = of('r').at(-1);
		expect(done?.type === 'done' && done.stats?.isInterrupted).toBe(true);
	});

	it('answers an unknown request type with an error rather than silence', async () => {
		const { send, of } = setup();
		await send({ type: 'explode', id: 'x' } as unknown as WorkerRequest);
		expect(of('x')).toMatchObject([{ type: 'error', error: { code: 'unknown_request' } }]);
	});
});
