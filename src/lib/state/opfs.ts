/**
 * The Origin Private File System as Bedside uses it: the small interface both model stores (own models,
 * downloaded Hub models) program against, so unit tests pass an in-memory fake, and the one JSON registry
 * file each store keeps beside its files.
 */

/** The parts of FileSystemDirectoryHandle used here. */
export interface DirectoryLike {
	getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirectoryLike>;
	getFileHandle(name: string, options?: { create?: boolean }): Promise<FileLike>;
	removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
}

export interface FileLike {
	getFile(): Promise<Blob>;
	createWritable(): Promise<{ write(data: Blob | string): Promise<void>; close(): Promise<void> }>;
}

export type GetRoot = () => Promise<DirectoryLike>;

/** This origin's OPFS root (page and workers); rejects where the browser has none. */
export const opfsRoot: GetRoot = async () => {
	if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory)
		throw new Error('This browser has no Origin Private File System.');
	return navigator.storage.getDirectory();
};

const REGISTRY_FILE = 'registry.json';

/** The `models` array of `<dir>/registry.json`, unchecked; empty when there is no file or it is not JSON. */
export async function readRegistry(root: DirectoryLike, dir: string): Promise<unknown[]> {
	try {
		const folder = await root.getDirectoryHandle(dir);
		const parsed = JSON.parse(await (await (await folder.getFileHandle(REGISTRY_FILE)).getFile()).text()) as { models?: unknown };
		return Array.isArray(parsed.models) ? (parsed.models as unknown[]) : [];
	} catch {
		return [];
	}
}

export async function writeRegistry(root: DirectoryLike, dir: string, models: readonly unknown[]): Promise<void> {
	const folder = await root.getDirectoryHandle(dir, { create: true });
	const writable = await (await folder.getFileHandle(REGISTRY_FILE, { create: true })).createWritable();
	await writable.write(JSON.stringify({ version: 1, models }, null, '\t'));
	await writable.close();
}
