/**
 * What the model manager shows about past runs: the backend each model last loaded on, its load time and
 * its last measured speed. Kept in localStorage on this machine only; a missing or broken store reads empty.
 */
import type { Device, Dtype } from './catalogue';

export interface ModelStats {
	device: Device;
	dtype: Dtype;
	loadMs: number;
	/** Decode tokens/s for LLMs, or ms per item for task models, whichever was last measured. */
	speed: { value: number; unit: 'tokens/s' | 'ms/item' } | null;
	/** What the last load took in memory (WASM heap growth; null on WebGPU or when unreadable). */
	memory?: { wasmHeapBytes: number | null; weightBytes: number; foldsWeights: boolean } | null;
	at: string;
}

const KEY = 'bedside.modelStats';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): Store | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // e.g. storage disabled by policy
	}
}

export function readModelStats(store: Store | null = storage()): Record<string, ModelStats> {
	try {
		const parsed: unknown = JSON.parse(store?.getItem(KEY) ?? '{}');
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, ModelStats>) : {};
	} catch {
		return {};
	}
}

function write(all: Record<string, ModelStats>, store: Store | null): void {
	try {
		store?.setItem(KEY, JSON.stringify(all));
	} catch {
		// Quota or privacy mode: stats are a nicety, never worth an error.
	}
}

interface LoadFacts {
	modelId: string;
	device: Device;
	dtype: Dtype;
	loadMs: number;
	memory?: { wasmHeapBytes: number | null; weightBytes: number; foldsWeights: boolean };
}

export function recordLoad(model: LoadFacts, store: Store | null = storage(), now = new Date()): void {
	const all = readModelStats(store);
	const prev = all[model.modelId];
	const memory = model.memory ? { wasmHeapBytes: model.memory.wasmHeapBytes, weightBytes: model.memory.weightBytes, foldsWeights: model.memory.foldsWeights } : null;
	all[model.modelId] = { device: model.device, dtype: model.dtype, loadMs: model.loadMs, speed: prev?.speed ?? null, memory, at: now.toISOString() };
	write(all, store);
}

export function recordSpeed(modelId: string, speed: NonNullable<ModelStats['speed']>, store: Store | null = storage()): void {
	const all = readModelStats(store);
	const prev = all[modelId];
	if (!prev || !Number.isFinite(speed.value) || speed.value <= 0) return;
	all[modelId] = { ...prev, speed };
	write(all, store);
}

/** "29 MiB in memory (8-bit weights unpacked to fp32)", or '' when no load measured it. */
export function describeMemory(stats: ModelStats | undefined, formatBytes: (bytes: number) => string): string {
	const memory = stats?.memory;
	if (!memory || memory.wasmHeapBytes === null) return '';
	const why = memory.foldsWeights ? ' (8-bit weights unpacked to fp32 for speed)' : '';
	return `${formatBytes(memory.wasmHeapBytes)} in memory${why}`;
}
