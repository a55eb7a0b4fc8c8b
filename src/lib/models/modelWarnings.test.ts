import { describe, expect, it } from 'vitest';
import { catalogueModel } from './catalogue';
import { LARGE_MODEL_BYTES, modelWarnings } from './modelWarnings';

const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
const qwen = catalogueModel('onnx-community/Qwen2.5-0.5B-Instruct');
const medLm = catalogueModel('bedside/med-lm');

describe('model warnings', () => {
	it('the Hub LLM is marked as made for WebGPU; the bundled models are not', () => {
		expect(qwen.needsWebGPU).toBe(true);
		expect(medLm.needsWebGPU).toBeUndefined();
	});

	it('warn about WebGPU only where it is known to be missing, and about size above 100 MB', () => {
		expect(modelWarnings(qwen, false, mb).map((w) => w.kind)).toEqual(['no-webgpu', 'large']);
		expect(modelWarnings(qwen, true, mb).map((w) => w.kind)).toEqual(['large']);
		expect(modelWarnings(qwen, null, mb).map((w) => w.kind)).toEqual(['large']);
		expect(modelWarnings(qwen, true, mb)[0]!.message).toContain('490 MB');
		// On a device that reports 1 GB of memory, the 490 MB model is flagged too.
		expect(modelWarnings(qwen, true, mb, 1).map((w) => w.kind)).toEqual(['memory', 'large']);
		expect(modelWarnings(qwen, true, mb, 8).map((w) => w.kind)).toEqual(['large']);
	});

	it('say nothing for a small model, whatever the machine', () => {
		expect(modelWarnings(medLm, false, mb)).toEqual([]);
		const justUnder = { ...medLm, files: [{ path: 'onnx/model_quantized.onnx', bytes: LARGE_MODEL_BYTES, sha256: null, dtype: 'q8' as const }] };
		expect(modelWarnings(justUnder, false, mb)).toEqual([]);
		expect(modelWarnings({ ...justUnder, files: [{ ...justUnder.files[0]!, bytes: LARGE_MODEL_BYTES + 1 }] }, null, mb)).toHaveLength(1);
	});
});
