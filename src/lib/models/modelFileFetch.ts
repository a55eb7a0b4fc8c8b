/**
 * How the inference worker fetches model files (Transformers.js's `env.fetch`), so the first load of a fresh
 * visit works on any static host.
 *
 * Why: `pipeline()` with a progress callback first probes each file's size with a full GET of the same URL
 * (for models served from a path, `get_file_metadata` fetches the file and reads only its headers), and the
 * real download starts while that probe's body is still unread. Both transfers share one entry in Chromium's
 * HTTP cache; when the server compresses the file on the fly (vite preview did; many static hosts do), the
 * abandoned probe fails the real download with ERR_CACHE_WRITE_FAILURE: "could not be loaded (network
 * error)" on the first click, and the second click worked. Two changes, each enough on its own:
 * - model files bypass the HTTP cache (`cache: 'no-store'`), so the two transfers are independent. Offline
 *   copies are the service worker's (Cache Storage, src/lib/offline/cachePolicy.ts), not the HTTP cache's;
 * - a response without its true length (no Content-Length, or a compressed one) gets the catalogue's pinned,
 *   decoded size, which is what `fetch` hands back after decompressing: progress is right and Transformers.js
 *   does not probe again mid-download.
 */
import { findCatalogueModel } from './catalogue';

const MODELS_PATH = '/models/';

function pathnameOf(url: string): string | null {
	try {
		return new URL(url, 'http://localhost').pathname;
	} catch {
		return null;
	}
}

/** The pinned byte size of `/…/models/<org>/<name>/<path>`, or null when the catalogue does not pin it. */
export function pinnedBytes(url: string): number | null {
	const pathname = pathnameOf(url);
	const at = pathname?.indexOf(MODELS_PATH) ?? -1;
	if (pathname === null || at < 0) return null;
	const [org, name, ...rest] = pathname.slice(at + MODELS_PATH.length).split('/').map(decodeURIComponent);
	if (!org || !name || rest.length === 0) return null;
	return findCatalogueModel(`${org}/${name}`)?.files.find((f) => f.path === rest.join('/'))?.bytes ?? null;
}

/** Whether the response's length header is not the size of the body `fetch` hands back (decoded). */
function lacksTrueLength(response: Response): boolean {
	const encoding = response.headers.get('content-encoding');
	return !response.headers.get('content-length') || (!!encoding && encoding !== 'identity');
}

/** Wraps a fetch for model files: no HTTP cache, and full (200) responses carry their pinned, decoded length. */
export function modelFileFetch(next: typeof fetch, sizeOf: (url: string) => number | null = pinnedBytes): typeof fetch {
	return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const isModelFile = pathnameOf(url)?.includes(MODELS_PATH) ?? false;
		const response = await next(input, isModelFile ? { ...init, cache: 'no-store' } : init);
		if (!isModelFile || response.status !== 200 || !response.body || !lacksTrueLength(response)) return response;
		const bytes = sizeOf(url);
		if (bytes === null) return response;
		const headers = new Headers(response.headers);
		headers.set('content-length', String(bytes));
		headers.delete('content-encoding');
		return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
	};
}
