// How the real engine names load failures: out-of-memory (ORT, Emscripten, V8 and WebGPU wordings) points to a
// smaller model or WASM; missing and damaged files keep their own messages; device-loss errors are recognised.
import { describe, expect, it } from 'vitest';
import { catalogueModel } from '../models/catalogue';
import { isDeviceLostError, isOutOfMemoryError, loadError } from './errors';

const entry = catalogueModel('bedside/med-lm');

const OOM = [
	new RangeError('Array buffer allocation failed'),
	new RangeError('WebAssembly.Memory(): could not allocate memory'),
	new Error('failed to allocate a buffer of size 123456789'),
	new Error("Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc"),
	new Error('Aborted(). Build with -sASSERTIONS for more info. (Cannot enlarge memory arrays to size 4294967296 bytes (OOM))'),
	new Error('Aborted(OOM)'),
	new Error('Out of memory'),
	new RangeError('Invalid typed array length: 4294967296'),
	'GPUBuffer allocation failed: out of memory'
];

describe('loadError', () => {
	it.each(OOM.map((e) => [String(e), e]))('maps %s to out_of_memory with a smaller-model / WASM hint', (_, err) => {
		const onGpu = loadError(entry, err, 'webgpu');
		expect(onGpu.code).toBe('out_of_memory');
		expect(onGpu.message).toMatch(/ran out of memory loading bedside\/med-lm/);
		expect(onGpu.message).toMatch(/smaller model/);
		expect(onGpu.message).toMatch(/WASM/);
		expect(onGpu.detail).toBeTruthy();
		const onWasm = loadError(entry, err, 'wasm');
		expect(onWasm.code).toBe('out_of_memory');
		expect(onWasm.message).toMatch(/smaller model.*reload the page/);
	});

	it('keeps missing and damaged files apart from memory', () => {
		expect(loadError(entry, new Error('Could not locate file: "/models/x/config.json"')).code).toBe('model_file_missing');
		const damaged = loadError(entry, new Error('Failed to load model because protobuf parsing failed.'));
		expect([damaged.code, damaged.message]).toEqual(['load_failed', expect.stringMatching(/damaged or incomplete/)]);
		expect(loadError(entry, new Error('something else')).message).toBe('bedside/med-lm could not be loaded.');
	});

	it("tells an own model's user to add the folder again, not to run npm run models", () => {
		const own = { ...entry, id: 'user/my-lm', source: { kind: 'local' as const, folder: 'my-lm' } } as unknown as typeof entry;
		expect(loadError(own, new Error('Could not locate file: "/models/user/my-lm/config.json"')).message).toMatch(
			/missing from this browser's storage\. Delete it in Models and add its folder again/
		);
		expect(loadError(own, new Error('protobuf parsing failed')).message).not.toMatch(/npm run models/);
	});

	it('does not call every RangeError or "Aborted()" an out-of-memory', () => {
		expect(isOutOfMemoryError(new RangeError('Maximum call stack size exceeded'))).toBe(false);
		expect(isOutOfMemoryError(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(false);
		expect(isOutOfMemoryError(new Error('memory access out of bounds'))).toBe(false);
	});
});

describe('isDeviceLostError', () => {
	it('recognises WebGPU device loss wordings and nothing else', () => {
		expect(isDeviceLostError(new Error('Device is lost'))).toBe(true);
		expect(isDeviceLostError(new Error("Failed to execute 'mapAsync' on 'GPUBuffer': Device was destroyed."))).toBe(true);
		expect(isDeviceLostError(new Error('GPUDevice lost: destroyed'))).toBe(true);
		expect(isDeviceLostError(new Error('protobuf parsing failed'))).toBe(false);
		expect(isDeviceLostError(new RangeError('Array buffer allocation failed'))).toBe(false);
	});
});
