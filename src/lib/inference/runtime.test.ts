import { describe, expect, it } from 'vitest';
import { catalogueModel, type ModelEntry } from '../models/catalogue';
import { chooseBackend, detectRuntime, type GpuLike, type RuntimeInfo } from './runtime';

function fakeGpu(features: string[] | null): GpuLike {
	return {
		requestAdapter: async () =>
			features === null ? null : { features: new Set(features), info: { vendor: 'fake', architecture: 'swiftshader' } }
	};
}

const base: RuntimeInfo = {
	hasWebGPU: false,
	hasShaderF16: false,
	adapterName: null,
	isCrossOriginIsolated: true,
	hardwareConcurrency: 8
};
const medLm = catalogueModel('bedside/med-lm');
const qwen = catalogueModel('onnx-community/Qwen2.5-0.5B-Instruct');

describe('detectRuntime', () => {
	it('reports an adapter with shader-f16', async () => {
		const info = await detectRuntime({ gpu: fakeGpu(['shader-f16']), isCrossOriginIsolated: true, hardwareConcurrency: 4 });
		expect(info).toEqual({
			hasWebGPU: true,
			hasShaderF16: true,
			adapterName: 'fake swiftshader',
			isCrossOriginIsolated: true,
			hardwareConcurrency: 4
		});
	});
	it('treats navigator.gpu without an adapter as no WebGPU', async () => {
		const info = await detectRuntime({ gpu: fakeGpu(null), isCrossOriginIsolated: false, hardwareConcurrency: 2 });
		expect(info.hasWebGPU).toBe(false);
		expect(info.adapterName).toBeNull();
	});
	it('survives requestAdapter throwing', async () => {
		const gpu: GpuLike = { requestAdapter: () => Promise.reject(new Error('blocked')) };
		expect((await detectRuntime({ gpu, isCrossOriginIsolated: true, hardwareConcurrency: 0 })).hasWebGPU).toBe(false);
	});
	it('has no WebGPU without navigator.gpu, and at least one core', async () => {
		const info = await detectRuntime({ isCrossOriginIsolated: true, hardwareConcurrency: 0 });
		expect(info.hasWebGPU).toBe(false);
		expect(info.hardwareConcurrency).toBe(1);
	});
});

describe('chooseBackend', () => {
	it('uses WebGPU with q4f16 for a WebGPU-default model when shader-f16 exists', () => {
		const c = chooseBackend(qwen, { ...base, hasWebGPU: true, hasShaderF16: true });
		expect(c).toMatchObject({ device: 'webgpu', dtype: 'q4f16' });
		expect(c.reason).toContain('shader-f16');
	});
	it('drops to q4 on WebGPU without shader-f16', () => {
		expect(chooseBackend(qwen, { ...base, hasWebGPU: true })).toMatchObject({ device: 'webgpu', dtype: 'q4' });
	});
	it('falls back to threaded WASM when there is no adapter', () => {
		const c = chooseBackend(qwen, base);
		expect(c).toMatchObject({ device: 'wasm', dtype: 'q4', threads: 4 });
		expect(c.reason).toContain('WebGPU not available');
	});
	it('uses one thread when the page is not cross-origin isolated', () => {
		const c = chooseBackend(medLm, { ...base, isCrossOriginIsolated: false });
		expect(c).toMatchObject({ device: 'wasm', dtype: 'q8', threads: 1 });
		expect(c.reason).toContain('not cross-origin isolated');
	});
	it('keeps a WASM-default model on WASM in auto, with threads capped by cores', () => {
		expect(chooseBackend(medLm, { ...base, hasWebGPU: true, hardwareConcurrency: 2 })).toMatchObject({ device: 'wasm', threads: 2 });
	});
	it('honours a user override to WebGPU when an adapter exists, and refuses it otherwise', () => {
		const gpu = { ...base, hasWebGPU: true };
		expect(chooseBackend(medLm, gpu, { device: 'webgpu', threads: 0 })).toMatchObject({ device: 'webgpu', dtype: 'q8' });
		expect(chooseBackend(medLm, base, { device: 'webgpu', threads: 0 }).device).toBe('wasm');
		expect(chooseBackend(qwen, gpu, { device: 'wasm', threads: 1 })).toMatchObject({ device: 'wasm', threads: 1 });
	});
	it('never runs a WASM-only model on WebGPU', () => {
		const wasmOnly: ModelEntry = { ...medLm, devices: ['wasm'] };
		expect(chooseBackend(wasmOnly, { ...base, hasWebGPU: true }, { device: 'webgpu', threads: 0 }).device).toBe('wasm');
	});
});
