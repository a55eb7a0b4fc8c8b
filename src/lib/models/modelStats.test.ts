import { describe, expect, it } from 'vitest';
import { describeMemory, readModelStats, recordLoad, recordSpeed } from './modelStats';

function memoryStore(initial: Record<string, string> = {}) {
	const data = new Map(Object.entries(initial));
	return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('model stats', () => {
	it('records a load, then a speed for that model', () => {
		const store = memoryStore();
		const at = new Date('2026-11-25T00:00:00Z');
		recordLoad({ modelId: 'bedside/med-lm', device: 'wasm', dtype: 'q8', loadMs: 420 }, store, at);
		recordSpeed('bedside/med-lm', { value: 55, unit: 'tokens/s' }, store);
		expect(readModelStats(store)).toEqual({
			'bedside/med-lm': { device: 'wasm', dtype: 'q8', loadMs: 420, speed: { value: 55, unit: 'tokens/s' }, memory: null, at: at.toISOString() }
		});
	});

	it('ignores a speed for a model never loaded and a non-positive speed', () => {
		const store = memoryStore();
		recordSpeed('bedside/med-lm', { value: 55, unit: 'tokens/s' }, store);
		expect(readModelStats(store)).toEqual({});
		recordLoad({ modelId: 'bedside/med-lm', device: 'wasm', dtype: 'q8', loadMs: 1 }, store);
		recordSpeed('bedside/med-lm', { value: 0, unit: 'tokens/s' }, store);
		expect(readModelStats(store)['bedside/med-lm']?.speed).toBeNull();
	});

	it('keeps the memory a load took and says it in words', () => {
		const store = memoryStore();
		const memory = { wasmHeapBytes: 30 * 2 ** 20, weightBytes: 7.6 * 2 ** 20, foldsWeights: true };
		recordLoad({ modelId: 'bedside/med-lm', device: 'wasm', dtype: 'q8', loadMs: 1, memory }, store);
		const stats = readModelStats(store)['bedside/med-lm'];
		expect(stats?.memory).toEqual(memory);
		expect(describeMemory(stats, (b) => `${b / 2 ** 20} MiB`)).toBe('30 MiB in memory (8-bit weights unpacked to fp32 for speed)');
		recordLoad({ modelId: 'bedside/med-lm', device: 'webgpu', dtype: 'q8', loadMs: 1, memory: { ...memory, wasmHeapBytes: null } }, store);
		expect(describeMemory(readModelStats(store)['bedside/med-lm'], String)).toBe('');
	});

	it('reads a broken or missing store as empty', () => {
		expect(readModelStats(memoryStore({ 'bedside.modelStats': '{not json' }))).toEqual({});
		expect(readModelStats(memoryStore({ 'bedside.modelStats': '[1]' }))).toEqual({});
		expect(readModelStats(null)).toEqual({});
	});
});
