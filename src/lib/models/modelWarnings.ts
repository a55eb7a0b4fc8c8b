/**
 * What to tell a user before a model is loaded into the browser: a large transfer (over 100 MB), or a model
 * made for WebGPU on a machine without it, or a model large for the memory the device reports. Pure, so the rules
 * are unit-tested.
 */
import { downloadBytes, type ModelEntry } from './catalogue';

/** Above this, loading a model is a large transfer into the browser (and its storage, for offline use). */
export const LARGE_MODEL_BYTES = 100 * 1000 * 1000;

export interface ModelWarning {
	kind: 'large' | 'no-webgpu' | 'memory';
	message: string;
}

/**
 * @param hasWebGPU whether this machine has a WebGPU adapter; null while unknown (no WebGPU warning then).
 * @param deviceMemoryGb `navigator.deviceMemory` where the browser tells it (Chromium: GB, rounded down, at most 8).
 */
export function modelWarnings(entry: ModelEntry, hasWebGPU: boolean | null, formatBytes: (n: number) => string, deviceMemoryGb?: number): ModelWarning[] {
	const warnings: ModelWarning[] = [];
	const bytes = downloadBytes(entry);
	const memory = memoryWarning(bytes, deviceMemoryGb);
	if (memory) warnings.push({ kind: 'memory', message: `${entry.id}: ${memory}` });
	if (entry.needsWebGPU && hasWebGPU === false) {
		warnings.push({
			kind: 'no-webgpu',
			message: `${entry.id} is made for WebGPU, which this browser does not offer here: on WASM it loads but answers very slowly.`
		});
	}
	if (bytes > LARGE_MODEL_BYTES) {
		warnings.push({
			kind: 'large',
			message: `${entry.id} is large: loading it moves ${formatBytes(bytes)} into this browser and keeps a copy in its storage for offline use.`
		});
	}
	return warnings;
}

/**
 * When a model's files are a large share of the memory the device reports: loading needs about as much again
 * (the weights are read, then the runtime builds its session from them).
 */
export function memoryWarning(bytes: number, deviceMemoryGb: number | undefined): string | null {
	if (deviceMemoryGb === undefined || deviceMemoryGb <= 0 || bytes <= 0) return null;
	const share = bytes / (deviceMemoryGb * 1024 ** 3);
	if (share < 0.25) return null;
	return `this device reports about ${deviceMemoryGb} GB of memory; the model's files are ${Math.round(share * 100)}% of it, and loading needs about as much again. It may fail to load or slow the browser down.`;
}

/** What the browser says of the device's memory (GB), where it says anything. */
export function deviceMemoryGb(): number | undefined {
	return typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
}
