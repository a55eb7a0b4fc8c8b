import { describe, expect, it } from 'vitest';
import { readHeap, watchMemory, type MemoryReading } from './memory';

describe('memory readings', () => {
	it('reports the heap at once, then the full measurement', async () => {
		const seen: (MemoryReading | null)[] = [];
		watchMemory((m) => seen.push(m), { memory: { usedJSHeapSize: 10 }, measureUserAgentSpecificMemory: async () => ({ bytes: 99 }) }, true);
		expect(seen).toEqual([{ bytes: 10, scope: 'page JS heap' }]);
		await new Promise((r) => setTimeout(r, 0));
		expect(seen.at(-1)).toEqual({ bytes: 99, scope: 'page and workers' });
	});

	it('is null (n/a) without any API and skips the full measurement when not isolated', async () => {
		expect(readHeap({})).toBeNull();
		expect(readHeap(undefined)).toBeNull();
		const seen: (MemoryReading | null)[] = [];
		watchMemory((m) => seen.push(m), { measureUserAgentSpecificMemory: async () => ({ bytes: 1 }) }, false);
		await new Promise((r) => setTimeout(r, 0));
		expect(seen).toEqual([null]);
	});

	it('keeps the heap figure when the measurement fails', async () => {
		const seen: (MemoryReading | null)[] = [];
		watchMemory(
			(m) => seen.push(m),
			{ memory: { usedJSHeapSize: 5 }, measureUserAgentSpecificMemory: () => Promise.reject(new Error('SecurityError')) },
			true
		);
		await new Promise((r) => setTimeout(r, 0));
		expect(seen).toEqual([{ bytes: 5, scope: 'page JS heap' }]);
	});
});
