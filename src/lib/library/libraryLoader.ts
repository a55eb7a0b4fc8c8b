/**
 * Fetches and checks the library asset (see asset.ts): library.json against the sha256 pinned in the repository,
 * vectors.bin against the sha256 its build recorded. A missing or corrupt vectors file leaves BM25 working alone;
 * a missing or corrupt library.json is an error that says how to fix it.
 */
import {
	LIBRARY_FILE,
	MANIFEST_FILE,
	VECTORS_FILE,
	loadIndex,
	passagesOf,
	sha256Hex,
	type LibraryFile,
	type LibraryManifest
} from './asset';
import pin from './libraryPin.json';
import { HybridRetriever } from './retriever';
import { Int8Vectors } from './vectorSearch';

export interface LoadedLibrary {
	retriever: HybridRetriever;
	license: string;
	attribution: string;
	vectorsProblem: string | null;
}

const FIX = 'Fix: run `npm run library` (or `npm run data`) and rebuild.';

async function fetchBytes(url: string, what: string): Promise<ArrayBuffer> {
	let response: Response;
	try {
		response = await fetch(url);
	} catch (err) {
		throw new Error(`The library's ${what} could not be fetched (${String(err)}). It is cached for offline use after one visit online.`, {
			cause: err
		});
	}
	if (!response.ok) throw new Error(`The library's ${what} is missing (${url}: HTTP ${response.status}). ${FIX}`);
	return response.arrayBuffer();
}

export async function loadLibrary(baseUrl: string): Promise<LoadedLibrary> {
	const [libraryBytes, manifestBytes] = await Promise.all([
		fetchBytes(`${baseUrl}${LIBRARY_FILE}`, LIBRARY_FILE),
		fetchBytes(`${baseUrl}${MANIFEST_FILE}`, MANIFEST_FILE)
	]);
	const sha = await sha256Hex(libraryBytes);
	if (sha !== pin.sha256) {
		throw new Error(`The library file does not match its pin (sha256 ${sha.slice(0, 12)}…, expected ${pin.sha256.slice(0, 12)}…). ${FIX}`);
	}
	const file = JSON.parse(new TextDecoder().decode(libraryBytes)) as LibraryFile;
	const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as LibraryManifest;
	const passages = passagesOf(file);
	const index = loadIndex(file);

	let vectors: Int8Vectors | null;
	let vectorsProblem: string | null = null;
	try {
		const bytes = await fetchBytes(`${baseUrl}${VECTORS_FILE}`, VECTORS_FILE);
		const vectorsSha = await sha256Hex(bytes);
		if (vectorsSha !== manifest.vectors.sha256) throw new Error(`${VECTORS_FILE} does not match the sha256 its build recorded. ${FIX}`);
		vectors = new Int8Vectors(new Int8Array(bytes), manifest.vectors.dim);
		if (vectors.count !== passages.length)
			throw new Error(`${VECTORS_FILE} has ${vectors.count} vectors for ${passages.length} passages. ${FIX}`);
	} catch (err) {
		vectors = null;
		vectorsProblem = `${err instanceof Error ? err.message : String(err)} Searching by words only.`;
	}
	return { retriever: new HybridRetriever(passages, index, vectors), license: file.license, attribution: file.attribution, vectorsProblem };
}
