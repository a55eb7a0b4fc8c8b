import { describe, expect, it } from 'vitest';
import type { CausalSession } from './causalSession';
import { warmUp } from './warmup';

/** Records what the warm-up runs: each step's length, and the cache length it reached. */
function fakeSession() {
	const calls: number[] = [];
	let length = 0;
	let longest = 0;
	let resets = 0;
	const session = {
		async step(ids: readonly number[]) {
			calls.push(ids.length);
			length += ids.length;
			longest = Math.max(longest, length);
			await new Promise((resolve) => setTimeout(resolve, 0));
			return Float32Array.of(0, 1, 0);
		},
		reset() {
			length = 0;
			resets += 1;
		}
	};
	return { session: session as unknown as CausalSession, calls, stats: () => ({ longest, resets, length }) };
}

describe('warmUp', () => {
	it('runs short answers one after another, each from a fresh cache with the prompt prefilled', async () => {
		const { session, calls, stats } = fakeSession();
		const prompt = [5, 6, 7, 8];
		const report = await warmUp(session, () => prompt, 512, 100, 10_000);
		expect(report.steps).toBe(100);
		// 100 decode steps of at most 32 per answer: at least four prefills of the whole prompt.
		expect(calls.filter((n) => n === prompt.length).length).toBeGreaterThanOrEqual(4);
		expect(stats().longest).toBeLessThanOrEqual(prompt.length + 32 + prompt.length);
		expect(stats().length).toBe(0); // left empty for the first real prompt
	});

	it('ends each answer with a follow-up prefill of several tokens after it, as a chat does', async () => {
		const { session, calls } = fakeSession();
		const prompt = Array.from({ length: 40 }, (_, i) => i);
		await warmUp(session, () => prompt, 512, 64, 10_000);
		// prefill 40, 32 one-token steps, 16 tokens after them; then the next answer from a fresh cache.
		expect(calls.slice(0, 34)).toEqual([40, ...Array<number>(32).fill(1), 16]);
		expect(calls[34]).toBe(40);
	});

	it('never runs past the context window, however long it warms', async () => {
		const { session, stats } = fakeSession();
		const report = await warmUp(session, () => Array.from({ length: 20 }, (_, i) => i), 24, 60, 10_000);
		expect(report.steps).toBe(60);
		expect(stats().longest).toBeLessThanOrEqual(24);
	});

	it('stops at its time cap', async () => {
		const { session } = fakeSession();
		const t = performance.now();
		const report = await warmUp(session, () => [1, 2], 512, 1_000_000, 80);
		expect(performance.now() - t).toBeLessThan(1_000);
		expect(report.ms).toBeGreaterThanOrEqual(80);
	});
});
