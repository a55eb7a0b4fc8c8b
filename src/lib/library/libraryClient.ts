/** The page's side of the library worker: requests as promises; a crashed worker fails what was in flight. */
import type { DocumentShelf, LibraryEvent, LibraryInfo, LibraryRequest, LibraryResult } from './libraryProtocol';
import type { Hit } from './retriever';

export interface LibraryPort {
	postMessage(request: LibraryRequest): void;
	onmessage: ((event: MessageEvent<LibraryEvent>) => void) | null;
	onerror: ((error: unknown) => void) | null;
	terminate(): void;
}

export function createLibraryWorker(): LibraryPort {
	const worker = new Worker(new URL('./libraryWorker.ts', import.meta.url), { type: 'module', name: 'bedside-library' });
	const port: LibraryPort = {
		postMessage: (r) => worker.postMessage(r),
		onmessage: null,
		onerror: null,
		terminate: () => worker.terminate()
	};
	worker.onmessage = (m: MessageEvent<LibraryEvent>) => port.onmessage?.(m);
	worker.onerror = (e) => port.onerror?.(e);
	return port;
}

/** A request without its id (Omit on a union would keep only the shared keys). */
type LibraryRequestBody = LibraryRequest extends infer R ? (R extends LibraryRequest ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (result: LibraryResult) => void; reject: (error: Error) => void };

export class LibraryClient {
	#port: LibraryPort | null = null;
	#pending = new Map<string, Pending>();
	#next = 1;

	constructor(private readonly createPort: () => LibraryPort = createLibraryWorker) {}

	#connect(): LibraryPort {
		if (this.#port) return this.#port;
		const port = this.createPort();
		port.onmessage = (message) => {
			const event = message.data;
			const pending = this.#pending.get(event.id);
			if (!pending) return;
			this.#pending.delete(event.id);
			if (event.type === 'result') pending.resolve(event.result);
			else pending.reject(new Error(event.message));
		};
		port.onerror = (error) => {
			const reason = new Error(`The library worker stopped (${error instanceof ErrorEvent ? error.message : String(error)}). Try again.`);
			for (const pending of this.#pending.values()) pending.reject(reason);
			this.#pending.clear();
			port.terminate();
			this.#port = null;
		};
		this.#port = port;
		return port;
	}

	#request(body: LibraryRequestBody): Promise<LibraryResult> {
		const id = `lib-${this.#next++}`;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve, reject });
			this.#connect().postMessage({ ...body, id } as LibraryRequest);
		});
	}

	async open(): Promise<LibraryInfo> {
		const result = await this.#request({ type: 'open' });
		if (result.kind !== 'open') throw new Error('The library worker answered the wrong request.');
		return result.info;
	}

	async search(query: string, vector: number[] | null, k: number, excludeIdPrefix?: string): Promise<{ hits: Hit[]; ms: number }> {
		const result = await this.#request({ type: 'search', query, vector, k, excludeIdPrefix });
		if (result.kind !== 'search') throw new Error('The library worker answered the wrong request.');
		return { hits: result.hits, ms: result.ms };
	}

	async addDocuments(documents: DocumentShelf[]): Promise<{ passages: number; ms: number }> {
		const result = await this.#request({ type: 'add-documents', documents });
		if (result.kind !== 'documents') throw new Error('The library worker answered the wrong request.');
		return { passages: result.passages, ms: result.ms };
	}

	async removeDocument(docId: string): Promise<{ passages: number; ms: number }> {
		const result = await this.#request({ type: 'remove-document', docId });
		if (result.kind !== 'documents') throw new Error('The library worker answered the wrong request.');
		return { passages: result.passages, ms: result.ms };
	}

	dispose(): void {
		this.#port?.terminate();
		this.#port = null;
		for (const pending of this.#pending.values()) pending.reject(new Error('The library was closed.'));
		this.#pending.clear();
	}
}
