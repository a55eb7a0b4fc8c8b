/**
 * The user's own models ("bring your own model"): a folder that passed checkModelFolder() is copied into this
 * browser's Origin Private File System (OPFS) under `user-models/models/<name>/`, and listed, as a
 * catalogue-shaped entry with id `user/<name>`, in `user-models/registry.json`. Nothing is uploaded.
 * The worker reads the files through fileRouting.ts; the page's model lists come from registry.svelte.ts.
 */
import { readDownloads } from '../../download/hubStore';
import type { Dtype, ModelEntry, ModelFile, Task } from '../catalogue';
import type { InstallState } from '../installed';
import { TASKS } from '../tasks';
import type { FolderReport, PickedFile } from './folderCheck';
import { readRegistry, writeRegistry, type DirectoryLike } from '../../state/opfs';

export const USER_MODEL_PREFIX = 'user/';
const ROOT_DIR = 'user-models';
const FILES_DIR = 'models';

/** WASM-friendly first: a user model runs on WASM. */
const DTYPE_PREFERENCE: readonly Dtype[] = ['q8', 'q4', 'fp32', 'fp16', 'q4f16'];

export function isUserModelId(id: string): boolean {
	return id.startsWith(USER_MODEL_PREFIX);
}

/**
 * A folder name as the `<name>` of `user/<name>`: letters, digits, `.`, `_` and `-` only, no `..` or `--`
 * (Transformers.js accepts such ids as model ids), starting and ending with a letter or digit.
 */
export function userModelName(folderName: string): string {
	const name = folderName
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/\.{2,}/g, '.')
		.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
		.slice(0, 64)
		.replace(/[^A-Za-z0-9]+$/, '');
	return name || 'model';
}

/** A catalogue-shaped entry for a checked folder (report.ok); the files are stored separately. */
export function userModelEntry(folderName: string, task: Task, report: FolderReport, files: readonly PickedFile[]): ModelEntry {
	const dtype = DTYPE_PREFERENCE.find((d) => report.weights.some((w) => w.dtype === d));
	if (!report.ok || !dtype) throw new Error('Only a folder that passed the check can be added.');
	const weightDtype = new Map<string, Dtype>();
	for (const w of report.weights) for (const p of [w.path, ...w.externalData]) weightDtype.set(p, w.dtype);
	const modelFiles: ModelFile[] = files.map((f) => {
		const fileDtype = weightDtype.get(f.path);
		return { path: f.path, bytes: f.bytes, sha256: null, ...(fileDtype ? { dtype: fileDtype } : {}) };
	});
	const name = userModelName(folderName);
	return {
		id: `${USER_MODEL_PREFIX}${name}`,
		label: `${folderName || name} (your model)`,
		task,
		role: TASKS[task].role,
		license: 'user-provided',
		source: { kind: 'local', folder: folderName || name },
		bundled: false,
		isDemo: false,
		note: `Your own ${report.modelType ?? ''} model from a local folder, stored in this browser only.`,
		defaults: { device: 'wasm', dtype },
		devices: ['wasm'],
		files: modelFiles,
		addedAt: new Date().toISOString()
	};
}

/** `onnx/model.onnx` -> ['onnx', 'model.onnx']; throws on empty, `.` or `..` segments. */
function segments(path: string): string[] {
	const parts = path.split('/');
	if (parts.some((p) => p === '' || p === '.' || p === '..')) throw new Error(`Bad file path "${path}".`);
	return parts;
}

async function modelsDir(root: DirectoryLike, create: boolean): Promise<DirectoryLike> {
	const dir = await root.getDirectoryHandle(ROOT_DIR, { create });
	return dir.getDirectoryHandle(FILES_DIR, { create });
}

/** The stored file `path` of model `name`, or null when absent. */
export async function storedFile(root: DirectoryLike, name: string, path: string): Promise<Blob | null> {
	try {
		let dir = await (await modelsDir(root, false)).getDirectoryHandle(name);
		const parts = segments(path);
		for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
		return await (await dir.getFileHandle(parts[parts.length - 1]!)).getFile();
	} catch {
		return null;
	}
}

function isUserEntry(value: unknown): value is ModelEntry {
	const e = value as Partial<ModelEntry> | null;
	return (
		typeof e === 'object' && e !== null && typeof e.id === 'string' && isUserModelId(e.id) && typeof e.task === 'string' &&
		typeof e.role === 'string' && Array.isArray(e.files) && typeof e.defaults?.dtype === 'string'
	);
}

/** The registry's entries; empty when there is none yet. */
export async function readUserModels(root: DirectoryLike): Promise<ModelEntry[]> {
	return (await readRegistry(root, ROOT_DIR)).filter(isUserEntry);
}

const writeUserModels = (root: DirectoryLike, entries: readonly ModelEntry[]) => writeRegistry(root, ROOT_DIR, entries);

/**
 * Copies the files into OPFS, then lists the entry (replacing one with the same id), so a copy that fails
 * half-way is never listed. Returns the new registry.
 */
export async function saveUserModel(root: DirectoryLike, entry: ModelEntry, files: ReadonlyArray<{ path: string; blob: Blob }>): Promise<ModelEntry[]> {
	const name = entry.id.slice(USER_MODEL_PREFIX.length);
	const models = await modelsDir(root, true);
	await models.removeEntry(name, { recursive: true }).catch(() => undefined);
	try {
		const base = await models.getDirectoryHandle(name, { create: true });
		for (const file of files) {
			const parts = segments(file.path);
			let dir = base;
			for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
			const writable = await (await dir.getFileHandle(parts[parts.length - 1]!, { create: true })).createWritable();
			await writable.write(file.blob);
			await writable.close();
		}
	} catch (err) {
		await models.removeEntry(name, { recursive: true }).catch(() => undefined);
		throw err;
	}
	const entries = [...(await readUserModels(root)).filter((e) => e.id !== entry.id), entry];
	await writeUserModels(root, entries);
	return entries;
}

/** Unlists the model, then removes its files. Returns the new registry. */
export async function deleteUserModel(root: DirectoryLike, id: string): Promise<ModelEntry[]> {
	const entries = (await readUserModels(root)).filter((e) => e.id !== id);
	await writeUserModels(root, entries);
	const models = await modelsDir(root, false).catch(() => null);
	await models?.removeEntry(id.slice(USER_MODEL_PREFIX.length), { recursive: true }).catch(() => undefined);
	return entries;
}

/** Whether every file of the entry's default dtype is stored with its recorded size. */
export async function userModelState(root: DirectoryLike, entry: ModelEntry): Promise<InstallState> {
	const name = entry.id.slice(USER_MODEL_PREFIX.length);
	const wanted = entry.files.filter((f) => f.dtype === undefined || f.dtype === entry.defaults.dtype);
	const missing: string[] = [];
	let bytes = 0;
	for (const file of wanted) {
		const blob = await storedFile(root, name, file.path);
		if (!blob || (file.bytes !== null && blob.size !== file.bytes)) missing.push(file.path);
		else bytes += blob.size;
	}
	return missing.length === 0 ? { kind: 'installed', bytes } : { kind: 'missing', files: missing };
}

/** The user's own models, then the Hub models downloaded completely in this browser. */
export async function readStoredModels(root: DirectoryLike): Promise<ModelEntry[]> {
	const downloads = (await readDownloads(root)).filter((r) => r.isComplete).map((r) => r.entry);
	return [...(await readUserModels(root)), ...downloads];
}
