/**
 * What to tell a user before a model is loaded into the browser: a large transfer (over 100 MB), or a model
 * made for WebGPU on a machine without it. Pure, so the rules are unit-tested.
 */
import { downloadBytes, type ModelEntry } from './catalogue';

/** Above this, loading a model is a large transfer into the browser (and its storage, for offline use). */
export const LARGE_MODEL_BYTES = 100 * 1000 * 1000;

export interface ModelWarning {
	kind: 'large' | 'no-webgpu';
	message: string;
}

/** @param hasWebGPU whether this machine has a WebGPU adapter; null while unknown (no WebGPU warning then). */
export function modelWarnings(entry: ModelEntry, hasWebGPU: boolean | null, formatBytes: (n: number) => string): ModelWarning[] {
	const warnings: ModelWarning[] = [];
	const bytes = downloadBytes(entry);
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
