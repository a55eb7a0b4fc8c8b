/**
 * The user's own documents in the library: pasted text or .txt/.md/.pdf files, checked (documentText.ts), split
 * into passages, embedded with med-embed, kept in IndexedDB (personalStore.ts) and indexed by the library worker.
 * A failed add changes nothing; the documents already there stay.
 */
import { checkDocumentFile, checkDocumentText, decodeTextFile, DocumentProblem } from './documentText';
import type { LibraryClient } from './libraryClient';
import { splitIntoPassages } from './passages';
import { deleteDocument, listDocuments, saveDocument, type PersonalDocument } from './personalStore';

/** med-embed takes at most 256 texts per request (inference/protocol.ts); smaller batches keep the UI responsive. */
const EMBED_BATCH = 64;

export class PersonalLibrary {
	documents = $state<PersonalDocument[]>([]);
	isBusy = $state(false);
	/** The last add or delete, in words (role=status). */
	message = $state<string | null>(null);
	/** Why the last add failed (role=alert); what was there before is untouched. */
	problem = $state<string | null>(null);
	#ready: Promise<void> | null = null;

	constructor(
		private readonly library: LibraryClient,
		private readonly embed: (texts: string[]) => Promise<number[][]>
	) {}

	/** Loads the stored documents into the worker once; searches wait for it. */
	ready(): Promise<void> {
		this.#ready ??= (async () => {
			const stored = await listDocuments();
			if (stored.length > 0) await this.library.addDocuments(stored.map(shelfOf));
			this.documents = stored;
		})().catch((err) => {
			this.#ready = null;
			this.problem = `Your documents could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
		});
		return this.#ready;
	}

	async addFile(file: File): Promise<void> {
		await this.#add(file.name, async () => {
			const kind = checkDocumentFile(file.name, file.size);
			const bytes = new Uint8Array(await file.arrayBuffer());
			if (kind === 'pdf') {
				const { pdfText } = await import('./pdfText');
				const { text, pages } = await pdfText(file.name, bytes);
				return { kind: 'pdf' as const, raw: text, detail: `${pages} page${pages === 1 ? '' : 's'}` };
			}
			return { kind: 'text' as const, raw: decodeTextFile(file.name, bytes), detail: '' };
		});
	}

	async addText(name: string, text: string): Promise<void> {
		const title = name.trim() || `Pasted text ${new Date().toLocaleString()}`;
		await this.#add(title, async () => ({ kind: 'pasted' as const, raw: text, detail: '' }));
	}

	async #add(name: string, read: () => Promise<{ kind: PersonalDocument['kind']; raw: string; detail: string }>): Promise<void> {
		if (this.isBusy) return;
		this.isBusy = true;
		this.problem = null;
		this.message = `Adding "${name}"…`;
		const t0 = performance.now();
		try {
			await this.ready();
			const { kind, raw, detail } = await read();
			const { text, notice } = checkDocumentText(name, raw);
			const passages = splitIntoPassages(text);
			let vectors: number[][] | null = [];
			try {
				for (let i = 0; i < passages.length; i += EMBED_BATCH) vectors.push(...(await this.embed(passages.slice(i, i + EMBED_BATCH))));
			} catch {
				vectors = null; // word search still works; the card says so
			}
			const doc: PersonalDocument = {
				id: crypto.randomUUID(),
				name,
				kind,
				addedAt: new Date().toISOString(),
				chars: text.length,
				passages,
				vectors
			};
			await saveDocument(doc);
			await this.library.addDocuments([shelfOf(doc)]);
			this.documents = [...this.documents, doc];
			const seconds = ((performance.now() - t0) / 1000).toFixed(1);
			this.message = `Added "${name}"${detail ? ` (${detail})` : ''}: ${passages.length} passage${passages.length === 1 ? '' : 's'} in ${seconds} s${vectors ? '' : ', searched by words only (the embedding model did not load)'}.${notice ? ` ${notice}` : ''}`;
		} catch (err) {
			this.message = null;
			this.problem =
				err instanceof DocumentProblem
					? err.message
					: `"${name}" could not be added: ${err instanceof Error ? err.message : String(err)}. Nothing was added.`;
		} finally {
			this.isBusy = false;
		}
	}

	async remove(doc: PersonalDocument): Promise<void> {
		if (this.isBusy) return;
		this.isBusy = true;
		this.problem = null;
		try {
			await deleteDocument(doc.id);
			await this.library.removeDocument(doc.id);
			this.documents = this.documents.filter((d) => d.id !== doc.id);
			this.message = `Deleted "${doc.name}" from this browser.`;
		} catch (err) {
			this.problem = `"${doc.name}" could not be deleted: ${err instanceof Error ? err.message : String(err)}`;
		} finally {
			this.isBusy = false;
		}
	}
}

function shelfOf(doc: PersonalDocument) {
	return { docId: doc.id, name: doc.name, passages: doc.passages, vectors: doc.vectors };
}
