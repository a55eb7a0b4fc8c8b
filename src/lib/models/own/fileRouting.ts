/**
 * Model files stored in this browser, served to Transformers.js as if fetched: `fetchWithUserModels` (its
 * `env.fetch` in the worker, and Evaluate's fetch for side files) answers `/models/user/<name>/<file>` from the
 * own-model store and `/models/<org>/<name>/<file>` of a Hub model downloaded in download.html from its verified
 * files, without a network request, and passes every other request to `fetch` unchanged.
 */
import { downloadedFile, downloadedModelPath } from '../../download/hubStore';
import { findCatalogueModel } from '../catalogue';
import { opfsRoot, type DirectoryLike, type GetRoot } from '../../state/opfs';
import { storedFile, USER_MODEL_PREFIX } from './store';

/** Where Transformers.js (`env.localModelPath` + id) and Evaluate look for a user model's files. */
const USER_MODELS_PATH = `${import.meta.env?.BASE_URL ?? '/'}models/${USER_MODEL_PREFIX}`;

/** `/models/user/<name>/<file>` (also as a full same-origin URL) -> { name, path }; null for anything else. */
export function userModelPath(url: string, base = USER_MODELS_PATH): { name: string; path: string } | null {
	let pathname = url;
	if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
		try {
			const parsed = new URL(url);
			if (typeof location !== 'undefined' && parsed.origin !== location.origin) return null;
			pathname = parsed.pathname;
		} catch {
			return null;
		}
	}
	if (!pathname.startsWith(base)) return null;
	const rest = pathname.slice(base.length).split('?')[0] ?? '';
	const slash = rest.indexOf('/');
	if (slash <= 0 || slash === rest.length - 1) return null;
	return { name: decodeURIComponent(rest.slice(0, slash)), path: decodeURIComponent(rest.slice(slash + 1)) };
}

/** A stored user model file as a Response (200 with its length, or 404), without a network request. */
export async function userModelResponse(root: DirectoryLike, name: string, path: string): Promise<Response> {
	const blob = await storedFile(root, name, path);
	if (!blob) return new Response(null, { status: 404, statusText: 'Not stored in this browser' });
	return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size), 'content-type': 'application/octet-stream' } });
}

/**
 * `fetch` that answers user model paths from OPFS and passes everything else to `fetch` as is.
 * Used as Transformers.js's `env.fetch` in the worker and by Evaluate for model side files.
 */
export function fetchWithUserModels(getRoot: GetRoot = opfsRoot, next: typeof fetch = (...args) => fetch(...args)) {
	return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const target = userModelPath(url);
		if (target !== null) return userModelResponse(await getRoot(), target.name, target.path);
		const downloaded = downloadedModelPath(url, USER_MODELS_PATH.slice(0, -USER_MODEL_PREFIX.length));
		// Bundled models never touch storage; any other id (a catalogue Hub model, or a downloaded one the catalogue
		// does not list) is looked up in the download store, and a file not stored there goes to the network.
		if (downloaded !== null && findCatalogueModel(downloaded.id)?.source.kind !== 'bundled') {
			const blob = await getRoot().then((root) => downloadedFile(root, downloaded.id, downloaded.path), () => null);
			if (blob) return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size), 'content-type': 'application/octet-stream' } });
		}
		return next(input, init);
	};
}
