// Recovery over the real protocol with FakeEngine: a killed or crashed worker is reported and replaced, a lost
// WebGPU device moves the model to WASM during a run or a task, and a handler without fault injection says so.
import { describe, expect, it } from 'vitest';
import { liveClients } from './client';
import type { Engine } from './engine';
import { InferenceHandler } from './handler';
import type { WorkerEvent } from './protocol';
import { FakeEngine, SCENARIOS, type Scenario } from './testing/fakeEngine';
import { fakeClient } from './testing/loopbackPort';
import { installTestHooks, type BedsideTestHooks } from './testHooks';

const auto = { device: 'auto' as const, threads: 0 };
const webgpu = { device: 'webgpu' as const, threads: 0 };

function setup(scenario: Scenario = SCENARIOS.happy) {
	const { client, ports } = fakeClient(scenario);
	const crashes: { code: string; message: string; isRestarted: boolean }[] = [];
	client.onWorkerCrash((error, isRestarted) => crashes.push({ code: error.code, message: error.message, isRestarted }));
	return { client, ports, crashes };
}

describe('worker crash recovery', () => {
	it('reports a crash of an idle worker and restarts it; the next load works', async () => {
		const { client, ports, crashes } = setup();
		await client.load('bedside/med-lm', auto);
		client.simulateCrash();
		expect(crashes).toEqual([{ code: 'worker_crashed', message: expect.stringMatching(/restarted/), isRestarted: true }]);
		expect(ports).toHaveLength(2);
		await expect(client.load('bedside/med-lm', auto)).resolves.toMatchObject({ device: 'wasm' });
		client.dispose();
	});

	it('rejects the in-flight run and tells listeners once per crash', async () => {
		const { client, ports, crashes } = setup(SCENARIOS.slow);
		await client.load('bedside/med-lm', auto);
		const { stats } = client.run('bedside/med-lm', [{ role: 'user', content: 'x' }], { maxNewTokens: 200, temperature: 0 }, () => {});
		ports[0]?.crash('RangeError: Array buffer allocation failed');
		await expect(stats).rejects.toMatchObject({ code: 'worker_crashed', detail: 'RangeError: Array buffer allocation failed' });
		expect(crashes).toHaveLength(1);
		client.dispose();
	});

	it('the test hooks kill every live client and are only what installTestHooks puts on the target', async () => {
		const a = setup();
		const b = setup();
		const target: { __bedside?: BedsideTestHooks } = {};
		installTestHooks(target);
		expect(target.__bedside?.killWorker()).toBe(liveClients.size);
		expect(a.crashes).toHaveLength(1);
		expect(b.crashes).toHaveLength(1);
		a.client.dispose();
		b.client.dispose();
		expect(liveClients.has(a.client)).toBe(false);
	});
});

describe('WebGPU device loss', () => {
	it('moves the model to WASM during the next run, with a notice, and the run completes', async () => {
		const { client } = setup(SCENARIOS.gpu);
		expect((await client.load('bedside/med-lm', webgpu)).device).toBe('webgpu');
		await expect(client.simulate('webgpu-device-lost')).resolves.toMatch(/destroyed/);
		const notices: string[] = [];
		const reloaded: string[] = [];
		const pieces: string[] = [];
		const { stats } = client.run(
			'bedside/med-lm',
			[{ role: 'user', content: 'x' }],
			{ maxNewTokens: 8, temperature: 0 },
			(t) => pieces.push(t),
			{
				onNotice: (m) => notices.push(m),
				onReload: (m) => reloaded.push(m.device)
			}
		);
		expect((await stats).tokens).toBe(2);
		expect(pieces.join('')).toBe('on gpu');
		expect(notices).toEqual([expect.stringMatching(/WebGPU device was lost.*WASM/)]);
		expect(reloaded).toEqual(['wasm']);
		client.dispose();
	});

	it('does the same for a non-streaming task', async () => {
		const { client } = setup(SCENARIOS.gpu);
		await client.load('bedside/ner-bc5cdr', webgpu);
		await client.simulate('webgpu-device-lost');
		const reloaded: string[] = [];
		const { output } = await client.infer(
			'bedside/ner-bc5cdr',
			{ kind: 'token-classification', texts: ['Aspirin.'] },
			{ onReload: (m) => reloaded.push(m.device) }
		);
		expect(output.kind).toBe('token-classification');
		expect(reloaded).toEqual(['wasm']);
		client.dispose();
	});

	it('an engine without fault injection answers simulate with unknown_request', async () => {
		const fake = new FakeEngine(SCENARIOS.happy);
		const engine: Engine = {
			detect: () => fake.detect(),
			load: (...a) => fake.load(...a),
			generate: (...a) => fake.generate(...a),
			infer: (...a) => fake.infer(...a),
			interrupt: () => fake.interrupt(),
			unload: (id) => fake.unload(id)
		};
		const events: WorkerEvent[] = [];
		await new InferenceHandler(engine, (e) => events.push(e)).handle({ type: 'simulate', id: 's', fault: 'webgpu-device-lost' });
		expect(events).toEqual([{ type: 'error', id: 's', error: expect.objectContaining({ code: 'unknown_request' }) }]);
	});
});
