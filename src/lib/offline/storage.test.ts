import { describe, expect, it } from 'vitest';
import { catalogue, type ModelEntry } from '../models/catalogue';
import { DATA_URL, MODEL_FILES_URL, WEIGHTS_CACHE_PREFIX, WEIGHTS_URL, weightsCacheName } from './cachePolicy';
import { shortfallMessage, storageShortfall } from './storage';

describe('storageShortfall', () => {
	it('is null when the model fits or the browser gives no quota', () => {
		expect(storageShortfall(100, { quota: 1000, usage: 500 })).toBeNull();
		expect(storageShortfall(100, {})).toBeNull();
		expect(storageShortfall(0, { quota: 0 })).toBeNull();
	});
	it('gives needed vs available bytes when it does not fit', () => {
		expect(storageShortfall(8_000_000, { quota: 10_000_000, usage: 4_000_000 })).toEqual({ needed: 8_000_000, available: 6_000_000 });
		expect(storageShortfall(10, { quota: 5, usage: 9 })).toEqual({ needed: 10, available: 0 });
	});
	it('names both numbers in the message', () => {
		const message = shortfallMessage('Bedside med-lm', 8 * 1024 ** 2, 2 * 1024 ** 2);
		expect(message).toContain('8.0 MiB');
		expect(message).toContain('2.0 MiB');
		expect(message).toMatch(/offline/);
	});
});

describe('cache policy', () => {
	it('tells weight files from the other model files and data', () => {
		expect(WEIGHTS_URL.test('http://x/models/bedside/med-lm/onnx/model_quantized.onnx')).toBe(true);
		expect(WEIGHTS_URL.test('http://x/models/o/m/onnx/model.onnx_data')).toBe(true);
		expect(WEIGHTS_URL.test('http://x/models/bedside/med-lm/config.json')).toBe(false);
		expect(MODEL_FILES_URL.test('http://x/models/bedside/med-lm/config.json')).toBe(true);
		expect(DATA_URL.test('http://x/data/index.json')).toBe(true);
		expect(WEIGHTS_URL.test('http://x/assets/ort-wasm-simd-threaded.wasm')).toBe(false);
	});
	it('names the weights cache after the pinned sha256s, so replaced weights get a new cache', () => {
		const name = weightsCacheName(catalogue);
		expect(name.startsWith(WEIGHTS_CACHE_PREFIX)).toBe(true);
		expect(weightsCacheName(catalogue)).toBe(name);
		const changed: ModelEntry[] = catalogue.map((m, i) =>
			i === 0 ? { ...m, files: m.files.map((f) => (f.path.endsWith('.onnx') ? { ...f, sha256: '0'.repeat(64) } : f)) } : m
		);
		expect(weightsCacheName(changed)).not.toBe(name);
		// Side files (JSON) are network-first, so their pins do not change the name.
		const sideChanged: ModelEntry[] = catalogue.map((m, i) =>
			i === 0 ? { ...m, files: m.files.map((f) => (f.path.endsWith('.json') ? { ...f, sha256: '1'.repeat(64) } : f)) } : m
		);
		expect(weightsCacheName(sideChanged)).toBe(name);
	});
});
