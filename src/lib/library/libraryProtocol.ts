/**
 * Messages between the page and the library worker (libraryWorker.ts), which holds the passages, the BM25 index
 * and the int8 vectors off the main thread. The query's embedding comes from the inference worker (med-embed,
 * through InferenceClient), so this worker never loads a model. Every request ends in one `result` or `error`.
 */
import type { Hit } from './retriever';

export interface LibraryInfo {
	passages: number;
	/** Embedding dimension; 0 when the vectors file is absent or failed its check (BM25 alone then). */
	dim: number;
	license: string;
	attribution: string;
	/** Why the vectors are not used, when they are not. */
	vectorsProblem: string | null;
	loadMs: number;
}

/** A personal document as the worker indexes it (see personalStore.ts). */
export interface DocumentShelf {
	docId: string;
	name: string;
	passages: string[];
	vectors: number[][] | null;
}

export type LibraryRequest =
	| { type: 'open'; id: string }
	/** Adds documents to the index (documents already there are replaced). */
	| { type: 'add-documents'; id: string; documents: DocumentShelf[] }
	| { type: 'remove-document'; id: string; docId: string }
	| { type: 'search'; id: string; query: string; vector: number[] | null; k: number; excludeIdPrefix?: string };

export type LibraryResult =
	| { kind: 'open'; info: LibraryInfo }
	| { kind: 'search'; hits: Hit[]; ms: number }
	/** Passages searchable after the change. */
	| { kind: 'documents'; passages: number; ms: number };

export type LibraryEvent = { type: 'result'; id: string; result: LibraryResult } | { type: 'error'; id: string; message: string };
