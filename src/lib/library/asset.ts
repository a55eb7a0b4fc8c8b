/**
 * The library asset's format, shared by its builder (scripts/library.mjs) and its reader (the library worker):
 * - library.json: the passages and their MiniSearch index. Pure JS output, byte-identical on every machine, so
 *   its sha256 is pinned in libraryPin.json (like a model file).
 * - vectors.bin: med-embed vectors, int8. Float embeddings can differ in the last bits across CPUs, so this
 *   file is not pinned in the repository: the build records its sha256 in manifest.json, and the reader checks it.
 */
import MiniSearch from 'minisearch';
import { LEXICAL_OPTIONS, type IndexedPassage } from './lexicalIndex';
import type { Passage } from './passages';

export const LIBRARY_FORMAT = 'bedside-library-v1';
export const LIBRARY_DIR = 'library';
export const LIBRARY_FILE = 'library.json';
export const VECTORS_FILE = 'vectors.bin';
export const MANIFEST_FILE = 'manifest.json';
export const EMBED_MODEL_ID = 'bedside/med-embed';

export interface FilePin {
	file: string;
	bytes: number;
	sha256: string;
}

export interface LibraryManifest {
	format: string;
	library: FilePin & { passages: number };
	vectors: FilePin & { dim: number; count: number; model: string };
}

/** One MedQuAD item's shared fields, stored once for all its passages. */
export interface LibraryDocument {
	id: string;
	question: string;
	title: string;
	source: string;
}

export interface LibraryFile {
	format: string;
	license: string;
	attribution: string;
	documents: LibraryDocument[];
	/** [document position, passage number in the document, text] */
	passages: [number, number, string][];
	index: ReturnType<MiniSearch<IndexedPassage>['toJSON']>;
}

export function passagesOf(file: LibraryFile): Passage[] {
	return file.passages.map(([doc, n, text]) => {
		const d = file.documents[doc];
		if (!d) throw new Error(`Library file: passage refers to document ${doc}, which does not exist.`);
		return { id: `${d.id}#${n}`, question: d.question, title: d.title, source: d.source, text };
	});
}

export function loadIndex(file: LibraryFile): MiniSearch<IndexedPassage> {
	return MiniSearch.loadJS(file.index, LEXICAL_OPTIONS);
}

/** Hex sha256 with the Web Crypto API (browser and Node 20). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
