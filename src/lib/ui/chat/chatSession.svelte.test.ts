import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../../inference/client';
import { FakeEngine, SCENARIOS, type Scenario } from '../../inference/testing/fakeEngine';
import { loopbackPort } from '../../inference/testing/loopbackPort';
import { ChatSession } from './chatSession.svelte';

const pref = { device: 'auto' as const, threads: 0 };
const opts = { maxNewTokens: 8, temperature: 0 };

function session(scenario: Scenario = SCENARIOS.happy) {
	return new ChatSession(new InferenceClient(() => loopbackPort(new FakeEngine(scenario))));
}

describe('ChatSession', () => {
	it('goes idle → loading → ready, tracks files, streams an answer and keeps stats', async () => {
		const s = session();
		expect(s.status).toBe('idle');
		const loading = s.load('bedside/med-lm', pref);
		expect(s.status).toBe('loading');
		await loading;
		flushSync();
		expect(s.status).toBe('ready');
		expect([...s.files.values()].every((f) => f.isDone)).toBe(true);
		expect(s.view.loaded?.dtype).toBe('q8');
		await s.send('What is sepsis?', opts);
		expect(s.status).toBe('ready');
		expect(s.view.turns[0]?.answer).toBe('The patient should rest.');
		expect(s.view.turns[0]?.stats?.tokens).toBe(5);
		expect(s.view.turns[0]?.isStreaming).toBe(false);
	});

	it('shows a load error with its fix and can load again', async () => {
		const s = session(SCENARIOS.missingFile);
		await s.load('bedside/med-lm', pref);
		expect(s.status).toBe('error');
		expect(s.view.error?.code).toBe('model_file_missing');
		const again = s.load('bedside/med-lm', pref);
		expect(s.status).toBe('loading');
		await again;
	});

	it('keeps the prompt and shows the error when a run is refused', async () => {
		const s = session();
		await s.load('bedside/med-lm', pref);
		await s.send('   ', opts);
		expect(s.view.turns[0]?.prompt).toBe('   ');
		expect(s.view.turns[0]?.error?.code).toBe('bad_input');
		expect(s.status).toBe('ready');
	});

	it('marks a run stopped only when the worker reports it', async () => {
		const s = session(SCENARIOS.slow);
		await s.load('bedside/med-lm', pref);
		const sending = s.send('long', { maxNewTokens: 200, temperature: 0 });
		await new Promise((r) => setTimeout(r, 30));
		expect(s.status).toBe('running');
		await s.stop();
		await sending;
		expect(s.view.turns[0]?.stats?.isInterrupted).toBe(true);
		expect(s.status).toBe('ready');
	});

	it('ignores send before a model is ready', async () => {
		const s = session();
		await s.send('hello', opts);
		expect(s.view.turns).toEqual([]);
	});
});
