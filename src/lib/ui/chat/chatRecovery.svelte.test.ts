// The chat's recovery with FakeEngine: a worker crash while idle or ready shows a notice and needs a new load,
// a stop during load ends in a stopped state that can load again, and a lost WebGPU device mid-session moves
// the model to WASM with a notice while the run completes.
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../../inference/client';
import { FakeEngine, SCENARIOS, type Scenario } from '../../inference/testing/fakeEngine';
import { loopbackPort } from '../../inference/testing/loopbackPort';
import { ChatSession } from './chatSession.svelte';

const auto = { device: 'auto' as const, threads: 0 };
const opts = { maxNewTokens: 8, temperature: 0 };

function setup(scenario: Scenario = SCENARIOS.happy) {
	const client = new InferenceClient(() => loopbackPort(new FakeEngine(scenario)));
	return { client, session: new ChatSession(client) };
}

describe('ChatSession recovery', () => {
	it('a crash of a ready worker shows a notice and an error, and a new load answers', async () => {
		const { client, session } = setup();
		await session.load('bedside/med-lm', auto);
		client.simulateCrash();
		flushSync();
		expect(session.status).toBe('error');
		expect(session.view.loaded).toBeNull();
		expect(session.view.error?.code).toBe('worker_crashed');
		expect(session.view.notices).toEqual([expect.stringMatching(/crashed and was restarted/)]);
		await session.load('bedside/med-lm', auto);
		expect(session.status).toBe('ready');
		await session.send('What is sepsis?', opts);
		expect(session.view.turns[0]?.answer).toBe('The patient should rest.');
		client.dispose();
	});

	it('a crash before any load only adds the notice', () => {
		const { client, session } = setup();
		client.simulateCrash();
		expect(session.status).toBe('idle');
		expect(session.view.notices).toHaveLength(1);
		client.dispose();
	});

	it('a crash during a run fails that turn and keeps its prompt', async () => {
		const { client, session } = setup(SCENARIOS.slow);
		await session.load('bedside/med-lm', auto);
		const sending = session.send('keep me', { maxNewTokens: 200, temperature: 0 });
		await new Promise((r) => setTimeout(r, 20));
		client.simulateCrash();
		await sending;
		expect(session.status).toBe('error');
		expect(session.view.turns[0]).toMatchObject({ prompt: 'keep me', isStreaming: false, error: { code: 'worker_crashed' } });
		client.dispose();
	});

	it('Stop during load ends in a stopped error state, and loading again works', async () => {
		const { client, session } = setup(SCENARIOS.slowLoad);
		const loading = session.load('bedside/med-lm', auto);
		expect(session.status).toBe('loading');
		await session.stop();
		await loading;
		expect(session.status).toBe('error');
		expect(session.view.error).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/Loading was stopped/) });
		expect(session.view.notices).toEqual([]);
		await session.load('bedside/med-lm', auto);
		expect(session.status).toBe('ready');
		expect(session.view.error).toBeNull();
		client.dispose();
	});

	it('a lost WebGPU device moves the model to WASM during the run, with a notice', async () => {
		const { client, session } = setup(SCENARIOS.gpu);
		await session.load('bedside/med-lm', { device: 'webgpu', threads: 0 });
		expect(session.view.loaded?.device).toBe('webgpu');
		await client.simulate('webgpu-device-lost');
		await session.send('x', opts);
		expect(session.status).toBe('ready');
		expect(session.view.turns[0]?.answer).toBe('on gpu');
		expect(session.view.loaded).toMatchObject({ device: 'wasm', fallback: { from: 'webgpu' } });
		expect(session.view.notices.at(-1)).toMatch(/WebGPU device was lost.*WASM/);
		client.dispose();
	});
});
