/**
 * Before a model is loaded: will the browser have room to keep it for offline use? The service worker caches
 * the model's files as they are fetched; when the origin's storage quota cannot hold them, the model still loads
 * but is not kept, so the user is told, with the bytes needed and available.
 */
import type { Dtype, ModelEntry } from '../models/catalogue';
import { formatBytes } from '../ui/common/format';
import { appBase, isServedFromModels, modelFileUrl } from './modelCache';

/** What `navigator.storage.estimate()` returns (both fields may be missing). */
export interface StorageEstimateLike {
	quota?: number;
	usage?: number;
}

/** This origin's storage use and quota, or null where the browser gives no quota (or refuses). */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
	if (typeof navigator === 'undefined') return null;
	const estimate = await navigator.storage?.estimate?.().catch(() => null);
	return estimate?.quota ? { usage: estimate.usage ?? 0, quota: estimate.quota } : null;
}

/** Needed vs available bytes when `needed` does not fit, else null (also null when the browser gives no quota). */
export function storageShortfall(needed: number, estimate: StorageEstimateLike): { needed: number; available: number } | null {
	if (estimate.quota === undefined || needed <= 0) return null;
	const available = Math.max(0, estimate.quota - (estimate.usage ?? 0));
	return needed > available ? { needed, available } : null;
}

export function shortfallMessage(label: string, needed: number, available: number): string {
	return (
		`Not enough browser storage to keep ${label} for offline use: it needs ${formatBytes(needed)}, ` +
		`${formatBytes(available)} is available. It will load now but will not work offline. ` +
		`Free space by clearing other sites' data, or this site's data to remove models you no longer use.`
	);
}

/**
 * Checks the files of `entry` (for `dtype`, as in downloadBytes()) that are not cached yet against the storage estimate. Null when
 * they fit, when nothing would be cached (no service worker controls the page, e.g. `vite dev`), or when the
 * browser cannot tell.
 */
export async function checkModelStorage(entry: ModelEntry, dtype: Dtype = entry.defaults.dtype): Promise<string | null> {
	try {
		if (!navigator.serviceWorker?.controller || !navigator.storage?.estimate || typeof caches === 'undefined') return null;
		if (!isServedFromModels(entry)) return null;
		const base = appBase();
		const files = entry.files.filter((f) => f.dtype === undefined || f.dtype === dtype);
		let missing = 0;
		for (const file of files) {
			if (!(await caches.match(modelFileUrl(entry, file.path, base)))) missing += file.bytes ?? 0;
		}
		if (missing === 0) return null;
		const shortfall = storageShortfall(missing, await navigator.storage.estimate());
		return shortfall ? shortfallMessage(entry.label, shortfall.needed, shortfall.available) : null;
	} catch {
		return null;
	}
}
