/**
 * Names and URL patterns of the service worker's runtime caches, shared by vite.config.ts (which writes them
 * into the generated sw.js) and the page (which checks what is cached and removes stale caches). Pure: no DOM.
 *
 * Why two policies for /models/:
 * - Weight files (`*.onnx`, `*.onnx_data`, megabytes each) are cache-first, so a model loads offline and is
 *   never fetched twice. Cache-first would hide a file that `npm run models` replaced, so the cache's NAME
 *   carries a hash of the catalogue's pinned sha256s: a catalogue change (the only way `npm run models` installs
 *   different weights, since it checks every file against those pins) gives a new build a new cache, and the
 *   page deletes the old one (see deleteStaleCaches in register.ts).
 * - Everything else under /models/ (config, tokenizer: small JSON, some not pinned yet) and the eval data under
 *   /data/ are network-first: always fresh while online, from the cache when offline.
 */
import type { ModelEntry } from '../models/catalogue';

export const WEIGHTS_CACHE_PREFIX = 'bedside-model-weights-';
export const MODEL_FILES_CACHE = 'bedside-model-files';
export const DATA_CACHE = 'bedside-data';
export const LIBRARY_CACHE = 'bedside-library';

/** Same-origin URLs (Workbox tests a RegExp against the full URL) of weight files, other model files, eval data. */
export const WEIGHTS_URL = /\/models\/.+\.onnx(?:_data)?(?:\?.*)?$/;
export const MODEL_FILES_URL = /\/models\//;
export const DATA_URL = /\/data\//;
/**
 * The medical library (npm run library: passages, index, vectors, ~17 MB before compression). Network-first like
 * the data: fresh online, from the cache offline. The page checks each file's sha256 (library/libraryLoader.ts),
 * so a stale cached copy fails loudly rather than silently mixing builds.
 */
export const LIBRARY_URL = /\/library\/[^/]+$/;

/** FNV-1a, 32 bits: a tiny sync hash that gives the same answer in Node (config) and in the browser. */
function fnv1a(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16).padStart(8, '0');
}

/** `bedside-model-weights-<hash of every pinned weight file's path and sha256>`. */
export function weightsCacheName(models: readonly ModelEntry[]): string {
	const pins = models.flatMap((m) =>
		m.files.filter((f) => WEIGHTS_URL.test(`/models/${m.id}/${f.path}`)).map((f) => `${m.id}/${f.path}:${f.sha256 ?? ''}`)
	);
	return WEIGHTS_CACHE_PREFIX + fnv1a(pins.sort().join('\n'));
}
