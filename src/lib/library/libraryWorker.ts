/** The library worker: loads the asset once, then answers searches (libraryProtocol.ts). */
import { reportWorkerNetwork } from '../security/network';
import { loadLibrary, type LoadedLibrary } from './libraryLoader';
import type { LibraryEvent, LibraryRequest } from './libraryProtocol';
import { personalPassages, personalPrefix } from './personalPassages';

reportWorkerNetwork(self.name || 'library worker');

const BASE_URL = `${import.meta.env.BASE_URL}library/`;
let loading: Promise<{ library: LoadedLibrary; loadMs: number }> | null = null;

function open() {
	loading ??= (async () => {
		const t0 = performance.now();
		const library = await loadLibrary(BASE_URL);
		return { library, loadMs: performance.now() - t0 };
	})();
	// A failed load is retried on the next request (e.g. after the user ran npm run library).
	loading.catch(() => (loading = null));
	return loading;
}

function post(event: LibraryEvent) {
	self.postMessage(event);
}

self.onmessage = async (message: MessageEvent<LibraryRequest>) => {
	const request = message.data;
	try {
		const { library, loadMs } = await open();
		if (request.type === 'open') {
			const { retriever } = library;
			post({
				type: 'result',
				id: request.id,
				result: {
					kind: 'open',
					info: {
						passages: retriever.passages.length,
						dim: retriever.vectors?.dim ?? 0,
						license: library.license,
						attribution: library.attribution,
						vectorsProblem: library.vectorsProblem,
						loadMs
					}
				}
			});
		} else if (request.type === 'add-documents' || request.type === 'remove-document') {
			const t0 = performance.now();
			const { retriever } = library;
			if (request.type === 'remove-document') retriever.remove(personalPrefix(request.docId));
			else {
				for (const doc of request.documents) {
					retriever.remove(personalPrefix(doc.docId));
					retriever.add(personalPassages(doc), doc.vectors);
				}
			}
			post({ type: 'result', id: request.id, result: { kind: 'documents', passages: retriever.size, ms: performance.now() - t0 } });
		} else {
			const t0 = performance.now();
			const prefix = request.excludeIdPrefix;
			const hits = library.retriever.search(request.query, request.vector, {
				k: request.k,
				isExcluded: prefix ? (p) => p.id.startsWith(prefix) : undefined
			});
			post({ type: 'result', id: request.id, result: { kind: 'search', hits, ms: performance.now() - t0 } });
		}
	} catch (err) {
		post({ type: 'error', id: request.id, message: err instanceof Error ? err.message : String(err) });
	}
};
