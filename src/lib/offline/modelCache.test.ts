import { describe, expect, it } from 'vitest';
import { catalogueModel } from '../models/catalogue';
import { describeOfflineCopy, modelFileUrls, offlineCopy, removeOfflineCopy, type CacheStorageLike } from './modelCache';

const BASE = 'http://127.0.0.1:4173/';

/** Named caches of URL sets, like CacheStorage. */
function fakeCaches(contents: Record<string, string[]>): CacheStorageLike & { contents: Record<string, Set<string>> } {
	const sets = Object.fromEntries(Object.entries(contents).map(([name, urls]) => [name, new Set(urls)]));
	return {
		contents: sets,
		keys: async () => Object.keys(sets),
		open: async (name) => ({ delete: async (url) => sets[name]?.delete(url) ?? false }),
		match: async (url) => (Object.values(sets).some((s) => s.has(url)) ? {} : undefined)
	};
}

describe('offline copy of a catalogue model', () => {
	const entry = catalogueModel('bedside/ner-bc5cdr');
	const urls = modelFileUrls(entry, BASE);

	it('lists the files at the URLs the worker fetches', () => {
		expect(urls).toContain(`${BASE}models/bedside/ner-bc5cdr/onnx/model_quantized.onnx`);
		expect(urls).toHaveLength(entry.files.length);
	});

	it('counts cached files across caches, and removes them from every cache', async () => {
		const store = fakeCaches({ weights: [urls[0]!], files: urls.slice(1), other: [`${BASE}models/bedside/med-lm/config.json`] });
		const before = await offlineCopy(entry, BASE, store, true);
		expect(before).toEqual({ kind: 'cached', files: urls.length, of: urls.length });
		expect(describeOfflineCopy(before)).toBe(`${urls.length} of ${urls.length} files cached`);
		expect(await removeOfflineCopy(entry, BASE, store)).toBe(urls.length);
		expect(await offlineCopy(entry, BASE, store, true)).toEqual({ kind: 'cached', files: 0, of: urls.length });
		expect(store.contents.other?.size).toBe(1);
	});

	it('says why there is no offline copy without a service worker', async () => {
		const copy = await offlineCopy(entry, BASE, fakeCaches({}), false);
		expect(describeOfflineCopy(copy)).toMatch(/no service worker/);
	});
});
