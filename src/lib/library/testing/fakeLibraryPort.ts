/**
 * A stand-in for the library worker in unit tests: answers like libraryWorker.ts, `open` without vectors (word search
 * only) and `search` with fixed hits; with `hits` null every request fails as when the library was never built.
 */
import type { LibraryPort } from '../libraryClient';
import type { LibraryEvent, LibraryRequest, LibraryResult } from '../libraryProtocol';
import type { Hit } from '../retriever';

/** The worker's answer when the library files are missing (libraryLoader.ts). */
export const MISSING_LIBRARY = "The library's passages are missing (/library/library.json: HTTP 404). Run npm run library.";

export function fakeLibraryPort(hits: Hit[] | null, searches: string[] = []): LibraryPort {
	const port: LibraryPort = {
		onmessage: null,
		onerror: null,
		terminate: () => {},
		postMessage(request: LibraryRequest) {
			let event: LibraryEvent;
			if (hits === null) event = { type: 'error', id: request.id, message: MISSING_LIBRARY };
			else {
				let result: LibraryResult;
				if (request.type === 'open') {
					result = {
						kind: 'open',
						info: { passages: hits.length, dim: 0, license: 'CC BY 4.0', attribution: '', vectorsProblem: null, loadMs: 1 }
					};
				} else if (request.type === 'search') {
					searches.push(request.query);
					result = { kind: 'search', hits, ms: 1 };
				} else result = { kind: 'documents', passages: 0, ms: 0 };
				event = { type: 'result', id: request.id, result };
			}
			queueMicrotask(() => port.onmessage?.({ data: event } as MessageEvent<LibraryEvent>));
		}
	};
	return port;
}

/** A library hit for tests: passage `n` of a made-up MedQuAD document. */
export function fakeHit(n: number, title: string, text: string): Hit {
	return {
		passage: { id: `000000${n}#0`, question: `What is ${title}?`, title, source: `1_CancerGov_QA/000000${n}.xml`, text },
		score: 1 / (60 + n),
		lexicalRank: n,
		vectorRank: null
	};
}
