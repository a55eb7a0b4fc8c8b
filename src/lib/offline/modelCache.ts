/**
 * What the service worker keeps of a catalogue model for offline use, and removing it. The Models tab shows
 * "offline copy: 4 of 4 files" and offers to remove it; the files stay installed on the server side
 * (public/models), so the next load fetches and caches them again.
 */
import type { ModelEntry } from '../models/catalogue';

/** What `caches` offers that this module uses (tests pass a Map-backed stand-in). */
export interface CacheStorageLike {
	keys(): Promise<string[]>;
	open(name: string): Promise<{ delete(url: string): Promise<boolean> }>;
	match(url: string): Promise<unknown>;
}

export type OfflineCopy = { kind: 'unavailable'; reason: string } | { kind: 'cached'; files: number; of: number };

/** Only catalogue models are fetched from /models/ (and so cached by the service worker); own models live in OPFS. */
export function isServedFromModels(entry: ModelEntry): boolean {
	return entry.source.kind === 'bundled' || entry.source.kind === 'hub';
}

/** The app's root URL in the browser (Vite's base, resolved against the page), which /models/ hangs off. */
export function appBase(): string {
	return new URL(import.meta.env.BASE_URL, location.href).href;
}

/** The same-origin URL of one of the model's files, as the worker fetches it. */
export function modelFileUrl(entry: ModelEntry, path: string, base: string): string {
	return new URL(`models/${entry.id}/${path}`, base).href;
}

export function modelFileUrls(entry: ModelEntry, base: string): string[] {
	return entry.files.map((file) => modelFileUrl(entry, file.path, base));
}

/** How many of the model's files are in a cache. Only catalogue models are fetched from /models/. */
export async function offlineCopy(
	entry: ModelEntry,
	base: string,
	store: CacheStorageLike | undefined,
	isControlled: boolean
): Promise<OfflineCopy> {
	if (!isServedFromModels(entry)) return { kind: 'unavailable', reason: 'stored in this browser' };
	if (!store || !isControlled) return { kind: 'unavailable', reason: 'no service worker (offline use off)' };
	const urls = modelFileUrls(entry, base);
	let files = 0;
	for (const url of urls) if ((await store.match(url)) !== undefined) files++;
	return { kind: 'cached', files, of: urls.length };
}

/** Deletes the model's files from every cache; returns how many entries were removed. */
export async function removeOfflineCopy(entry: ModelEntry, base: string, store: CacheStorageLike): Promise<number> {
	const urls = modelFileUrls(entry, base);
	let removed = 0;
	for (const name of await store.keys()) {
		const cache = await store.open(name);
		for (const url of urls) if (await cache.delete(url)) removed++;
	}
	return removed;
}

export function describeOfflineCopy(copy: OfflineCopy | null): string {
	if (copy === null) return 'checking…';
	if (copy.kind === 'unavailable') return copy.reason;
	if (copy.files === 0) return 'not cached (cached on first load)';
	return `${copy.files} of ${copy.of} files cached`;
}
