import { describe, expect, it } from 'vitest';
import { MAX_CONSECUTIVE_CRASHES } from './client';
import { InferenceError } from './errors';
import { SCENARIOS, type Scenario } from './testing/fakeEngine';
import { fakeClient } from './testing/loopbackPort';

const pref = { device: 'auto' as const, threads: 0 };

function setup(scenario: Scenario = SCENARIOS.happy) {
	const { client, ports } = fakeClient(scenario);
	return { client, ports };
}

describe('InferenceClient over the protocol', () => {
	it('loads with per-file progress and streams a run', async () => {
		const { client } = setup();
		const files: string[] = [];
		const model = await client.load('bedside/med-lm', pref, {
			onProgress: (p) => {
				if (p.status === 'done') files.push(p.file);
			}
		});
		expect(model.device).toBe('wasm');
		expect(files).toEqual(SCENARIOS.happy.files);
		const pieces: string[] = [];
		const { stats } = client.run('bedside/med-lm', [{ role: 'user', content: 'hi' }], { maxNewTokens: 3, temperature: 0 }, (t) =>
			pieces.push(t)
		);
		expect((await stats).tokens).toBe(3);
		// The worker coalesces pieces that come faster than a frame (textCoalescer.ts); the first comes alone.
		expect(pieces[0]).toBe('The');
		expect(pieces.join('')).toBe('The patient should');
	});

	it('rejects with a typed error the UI can branch on', async () => {
		const { client } = setup(SCENARIOS.missingFile);
		const failure = await client.load('bedside/med-lm', pref).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(InferenceError);
		expect((failure as InferenceError).code).toBe('model_file_missing');
	});

	it('interrupts a run by id', async () => {
		const { client } = setup(SCENARIOS.slow);
		await client.load('bedside/med-lm', pref);
		const { id, stats } = client.run('bedside/med-lm', [{ role: 'user', content: 'x' }], { maxNewTokens: 200, temperature: 0 }, () => {});
		await new Promise((r) => setTimeout(r, 30));
		await client.interrupt(id);
		expect((await stats).isInterrupted).toBe(true);
	});

	it('answers in-flight requests when the worker crashes, restarts it, and gives up after repeated crashes', async () => {
		const { client, ports } = setup(SCENARIOS.slow);
		await client.load('bedside/med-lm', pref);
		const { stats } = client.run('bedside/med-lm', [{ role: 'user', content: 'x' }], { maxNewTokens: 200, temperature: 0 }, () => {});
		ports[0]?.crash('out of memory');
		await expect(stats).rejects.toMatchObject({ code: 'worker_crashed' });
		expect(ports.length).toBe(2);
		// The fresh worker works.
		await expect(client.detect()).resolves.toMatchObject({ hardwareConcurrency: 2 });
		for (let i = 0; i <= MAX_CONSECUTIVE_CRASHES; i++) ports.at(-1)?.crash('again');
		await expect(client.detect()).rejects.toMatchObject({ code: 'worker_crashed' });
	});
});
