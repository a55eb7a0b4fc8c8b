/**
 * Runtime detection in one place. This is the only module that touches `navigator.gpu`, adapter features,
 * `crossOriginIsolated` and `hardwareConcurrency`. Probing runs inside the worker, where inference runs.
 * Choosing device, dtype and threads for a catalogue entry is the pure function `chooseBackend`.
 */
import type { Device, Dtype, ModelEntry } from '../models/catalogue';
import type { BackendPreference } from './protocol';

export interface RuntimeInfo {
	hasWebGPU: boolean;
	/** Adapter supports the `shader-f16` feature (needed for fp16 / q4f16 weights). */
	hasShaderF16: boolean;
	/** Adapter description for the UI, when the browser tells it. */
	adapterName: string | null;
	/** SharedArrayBuffer usable: the page is cross-origin isolated (COOP/COEP), so WASM can use threads. */
	isCrossOriginIsolated: boolean;
	hardwareConcurrency: number;
}

/** The parts of `navigator.gpu` we use; tests pass a fake object with this shape. */
export interface GpuLike {
	requestAdapter(): Promise<AdapterLike | null>;
}
export interface AdapterLike {
	features: { has(name: string): boolean };
	info?: { vendor?: string; architecture?: string; description?: string };
}

export interface RuntimeProbe {
	gpu?: GpuLike;
	isCrossOriginIsolated: boolean;
	hardwareConcurrency: number;
}

/** Reads the probe from the current global scope (window or worker). */
export function currentProbe(): RuntimeProbe {
	const nav = globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined;
	return {
		gpu: nav?.gpu,
		isCrossOriginIsolated: globalThis.crossOriginIsolated === true,
		hardwareConcurrency: nav?.hardwareConcurrency ?? 1
	};
}

/** Asks for an adapter: the `navigator.gpu` global existing proves little. */
export async function detectRuntime(probe: RuntimeProbe = currentProbe()): Promise<RuntimeInfo> {
	let adapter: AdapterLike | null = null;
	if (probe.gpu) {
		try {
			adapter = await probe.gpu.requestAdapter();
		} catch {
			adapter = null;
		}
	}
	const info = adapter?.info;
	const name = [info?.vendor, info?.architecture, info?.description].filter((s) => s).join(' ');
	return {
		hasWebGPU: adapter !== null,
		hasShaderF16: adapter?.features.has('shader-f16') ?? false,
		adapterName: adapter ? name || 'unnamed adapter' : null,
		isCrossOriginIsolated: probe.isCrossOriginIsolated,
		hardwareConcurrency: Math.max(1, probe.hardwareConcurrency)
	};
}

export interface BackendChoice {
	device: Device;
	dtype: Dtype;
	threads: number;
	/** Why this choice, shown in the UI ("WebGPU not available", "not cross-origin isolated", ...). */
	reason: string;
}

/** Most threads worth using: ORT's WASM backend gains little past 4 on small models. */
export const MAX_WASM_THREADS = 4;

function hasWeightsFor(entry: ModelEntry, dtype: Dtype): boolean {
	const weights = entry.files.filter((f) => f.dtype !== undefined);
	// Bundled entries that are not synced yet list no weights: trust the catalogue default.
	return weights.length === 0 ? dtype === entry.defaults.dtype : weights.some((f) => f.dtype === dtype);
}

function wasmDtype(entry: ModelEntry): Dtype {
	if (entry.defaults.device === 'wasm') return entry.defaults.dtype;
	const order: Dtype[] = ['q8', 'q4', 'fp32'];
	return order.find((d) => hasWeightsFor(entry, d)) ?? entry.defaults.dtype;
}

function webgpuDtype(entry: ModelEntry, runtime: RuntimeInfo): Dtype | null {
	const preferred = entry.defaults.dtype;
	const needsF16 = preferred === 'fp16' || preferred === 'q4f16';
	if (!needsF16 || runtime.hasShaderF16) return preferred;
	const order: Dtype[] = ['q4', 'q8', 'fp32'];
	return order.find((d) => hasWeightsFor(entry, d)) ?? null;
}

function wasmThreads(runtime: RuntimeInfo, requested: number): number {
	if (!runtime.isCrossOriginIsolated) return 1;
	const available = Math.min(runtime.hardwareConcurrency, MAX_WASM_THREADS);
	return requested > 0 ? Math.min(requested, runtime.hardwareConcurrency) : available;
}

/**
 * Picks device, dtype and threads for a model: WebGPU when an adapter exists and the model runs there,
 * else threaded WASM when cross-origin isolated, else single-threaded WASM. A user preference overrides,
 * but never to a device the runtime lacks (the reason says so).
 */
export function chooseBackend(
	entry: ModelEntry,
	runtime: RuntimeInfo,
	preference: BackendPreference = { device: 'auto', threads: 0 }
): BackendChoice {
	const threads = wasmThreads(runtime, preference.threads);
	const threadNote = runtime.isCrossOriginIsolated
		? `${threads} WASM thread${threads === 1 ? '' : 's'}`
		: 'single-threaded WASM (page is not cross-origin isolated)';
	const wasm = (why: string): BackendChoice => ({
		device: 'wasm',
		dtype: wasmDtype(entry),
		threads,
		reason: `${why}; ${threadNote}`
	});

	const wantsWebGPU = preference.device === 'webgpu' || (preference.device === 'auto' && entry.defaults.device === 'webgpu');
	if (preference.device === 'wasm') return wasm('WASM chosen in settings');
	if (!entry.devices.includes('webgpu')) return wasm('model runs on WASM only');
	if (!wantsWebGPU) return wasm('WASM is this model’s default');
	if (!runtime.hasWebGPU) return wasm('WebGPU not available');
	const dtype = webgpuDtype(entry, runtime);
	if (dtype === null) return wasm('WebGPU adapter lacks shader-f16 and no other weights fit');
	const f16 = runtime.hasShaderF16 ? 'shader-f16' : 'no shader-f16';
	return { device: 'webgpu', dtype, threads, reason: `WebGPU adapter (${f16})` };
}

export type WorkerKind = 'webgpu' | 'wasm';

/**
 * Which worker build to start for a load: the WASM-only one (faster on CPU) unless WebGPU may be used,
 * i.e. the user asked for it, or left it on auto for a model whose default device is WebGPU.
 */
export function workerKindFor(entry: ModelEntry, preference: BackendPreference): WorkerKind {
	if (preference.device === 'webgpu') return 'webgpu';
	if (preference.device === 'auto' && entry.defaults.device === 'webgpu') return 'webgpu';
	return 'wasm';
}
