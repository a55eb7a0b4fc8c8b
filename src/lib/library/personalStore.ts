/**
 * The user's own documents, kept in this browser's IndexedDB (origin-private, never uploaded) until deleted: each
 * with its passages and their med-embed vectors, so a reload does not embed them again.
 */
export interface PersonalDocument {
	id: string;
	name: string;
	kind: 'text' | 'pdf' | 'pasted';
	addedAt: string;
	chars: number;
	passages: string[];
	/** One med-embed vector per passage; null when the embedding model was unavailable (word search only). */
	vectors: number[][] | null;
}

const DB_NAME = 'bedside-library';
const STORE = 'documents';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(new Error(`This browser's storage could not be opened (${request.error?.message ?? 'unknown error'}).`));
	});
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const request = run(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(request.result);
			tx.onerror = () =>
				reject(
					new Error(`Storage failed: ${tx.error?.message ?? 'unknown error'} (a full disk or private browsing?). Nothing was changed.`)
				);
			tx.onabort = tx.onerror;
		});
	} finally {
		db.close();
	}
}

export async function listDocuments(): Promise<PersonalDocument[]> {
	const all = await withStore('readonly', (s) => s.getAll() as IDBRequest<PersonalDocument[]>);
	return all.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

export async function saveDocument(doc: PersonalDocument): Promise<void> {
	await withStore('readwrite', (s) => s.put(doc));
}

export async function deleteDocument(id: string): Promise<void> {
	await withStore('readwrite', (s) => s.delete(id));
}
