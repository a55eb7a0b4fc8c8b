/**
 * Models downloaded from the Hub in this browser (download.html), kept in the origin's private file system (OPFS)
 * beside the user's own models, and read by the inference workers through the same `env.fetch` wrapper
 * (models/own/fileRouting.ts), so a downloaded model loads offline and without a request.
 *
 * Layout under `hub-models/`:
 * - `files/<model id>/<file path>/<NNNNNN>`: each file as numbered segments. A segment is written and closed in
 *   one go (an OPFS writable keeps nothing until it is closed), so after an interruption or a reload the segments
 *   present are exactly the bytes received, and their total is the offset to resume from with `Range`. Writing
 *   segments avoids reopening one growing file, which Chromium copies in full on every reopen.
 * - `registry.json`: per model, its catalogue entry, the Hub it came from and the files verified against their
 *   pins. A file is served to the workers only once it is listed there as verified.
 */
import type { ModelEntry } from '../models/catalogue';
import { readRegistry, writeRegistry, type DirectoryLike } from '../state/opfs';

const ROOT_DIR = 'hub-models';
const FILES_DIR = 'files';

/** A directory that can also list its children (OPFS handles can; the unit tests' fake too). */
export interface ListableDirectory extends DirectoryLike {
	keys(): AsyncIterable<string>;
}

export interface VerifiedFile {
	bytes: number;
	sha256: string;
	/** False for a side file the catalogue had no sha256 for: its hash was recorded on this download. */
	isPinned: boolean;
}

export interface DownloadRecord {
	entry: ModelEntry;
	hubUrl: string;
	/** Verified files by path. */
	files: Record<string, VerifiedFile>;
	/** Every file the download needed is verified. */
	isComplete: boolean;
	updatedAt: string;
}

function segments(path: string): string[] {
	const parts = path.split('/');
	if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new Error(`Bad path "${path}".`);
	return parts;
}

async function dirAt(root: DirectoryLike, parts: readonly string[], create: boolean): Promise<ListableDirectory> {
	let dir = root;
	for (const part of parts) dir = await dir.getDirectoryHandle(part, { create });
	return dir as ListableDirectory;
}

/** The folder holding one file's segments. */
function fileDir(root: DirectoryLike, id: string, path: string, create: boolean): Promise<ListableDirectory> {
	return dirAt(root, [ROOT_DIR, FILES_DIR, ...segments(id), ...segments(path)], create);
}

/** Removes the entry at `parts` (a file's segments, or a model's folder); nothing when absent. */
async function removePath(root: DirectoryLike, parts: readonly string[]): Promise<void> {
	const name = parts[parts.length - 1];
	if (name === undefined) return;
	const parent = await dirAt(root, parts.slice(0, -1), false).catch(() => null);
	await parent?.removeEntry(name, { recursive: true }).catch(() => undefined);
}

const segmentName = (index: number) => String(index).padStart(6, '0');

/** The segments stored so far for one file, in order (empty when none). */
export async function storedSegments(root: DirectoryLike, id: string, path: string): Promise<Blob[]> {
	let dir: ListableDirectory;
	try {
		dir = await fileDir(root, id, path, false);
	} catch {
		return [];
	}
	const names: string[] = [];
	for await (const name of dir.keys()) if (/^\d{6}$/.test(name)) names.push(name);
	names.sort();
	return Promise.all(names.map(async (name) => (await dir.getFileHandle(name)).getFile()));
}

/** Writes segment `index` of a file and closes it, so it survives a reload. */
export async function appendSegment(root: DirectoryLike, id: string, path: string, index: number, data: Blob): Promise<void> {
	const dir = await fileDir(root, id, path, true);
	const writable = await (await dir.getFileHandle(segmentName(index), { create: true })).createWritable();
	await writable.write(data);
	await writable.close();
}

/** Removes one file's segments (a mismatch, or a restart from zero). */
export async function clearFile(root: DirectoryLike, id: string, path: string): Promise<void> {
	await removePath(root, [ROOT_DIR, FILES_DIR, ...segments(id), ...segments(path)]);
}

export async function readDownloads(root: DirectoryLike): Promise<DownloadRecord[]> {
	return ((await readRegistry(root, ROOT_DIR)) as DownloadRecord[]).filter(
		(r) => typeof r?.entry?.id === 'string' && typeof r.files === 'object'
	);
}

const writeDownloads = (root: DirectoryLike, records: readonly DownloadRecord[]) => writeRegistry(root, ROOT_DIR, records);

/** Records a verified file (creating the model's record), and whether the model is now complete. */
export async function markVerified(
	root: DirectoryLike,
	entry: ModelEntry,
	hubUrl: string,
	path: string,
	file: VerifiedFile,
	isComplete: (files: Record<string, VerifiedFile>) => boolean
): Promise<DownloadRecord> {
	const records = await readDownloads(root);
	const previous = records.find((r) => r.entry.id === entry.id);
	const files = { ...(previous?.files ?? {}), [path]: file };
	const record: DownloadRecord = { entry, hubUrl, files, isComplete: isComplete(files), updatedAt: new Date().toISOString() };
	await writeDownloads(root, [...records.filter((r) => r.entry.id !== entry.id), record]);
	return record;
}

/** Unlists a downloaded model, then removes its files (partial ones included). */
export async function deleteDownload(root: DirectoryLike, id: string): Promise<void> {
	await writeDownloads(
		root,
		(await readDownloads(root)).filter((r) => r.entry.id !== id)
	);
	await removePath(root, [ROOT_DIR, FILES_DIR, ...segments(id)]);
}

/** A verified downloaded file as one Blob (its segments joined lazily), or null when not downloaded and verified. */
export async function downloadedFile(root: DirectoryLike, id: string, path: string): Promise<Blob | null> {
	const record = (await readDownloads(root)).find((r) => r.entry.id === id);
	const verified = record?.files[path];
	if (!verified) return null;
	const blob = new Blob(await storedSegments(root, id, path));
	// Storage cleared behind our back, or a segment lost: do not serve a file that no longer matches.
	return blob.size === verified.bytes ? blob : null;
}

/**
 * `/models/<org>/<name>/<file>` (also as a same-origin URL) -> { id: '<org>/<name>', path }: where the workers ask
 * for a Hub model's file; null for anything else (the user's own `user/<name>` models included).
 */
export function downloadedModelPath(url: string, modelsBase = '/models/'): { id: string; path: string } | null {
	let pathname: string;
	try {
		const parsed = new URL(url, 'http://same.origin');
		if (parsed.origin !== 'http://same.origin' && (typeof location === 'undefined' || parsed.origin !== location.origin)) return null;
		pathname = parsed.pathname;
	} catch {
		return null;
	}
	if (!pathname.startsWith(modelsBase)) return null;
	const [org, name, ...rest] = pathname.slice(modelsBase.length).split('/').map(decodeURIComponent);
	if (!org || !name || org === 'user' || rest.length === 0 || rest.some((p) => p === '' || p === '..')) return null;
	return { id: `${org}/${name}`, path: rest.join('/') };
}
