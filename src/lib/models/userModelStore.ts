/**
 * The user's own models ("bring your own model"): a folder that passed checkModelFolder() is copied into this
 * browser's Origin Private File System (OPFS) under `user-models/models/<name>/`, and listed, as a
 * catalogue-shaped entry with id `user/<name>`, in `user-models/registry.json`. Nothing is uploaded.
 *
 * The page and the inference workers read the same storage. `fetchWithUserModels` (Transformers.js's
 * `env.fetch` in the worker) answers `/models/user/<name>/<file>` from OPFS without a network request and
 * passes every other request to `fetch` unchanged, so catalogue models load exactly as before. Models downloaded
 * from the Hub in download.html (download/hubStore.ts) are answered the same way, from their verified files.
 */
import { downloadedFile, downloadedModelPath, readDownloads } from '../download/hubStore';
import { catalogue, findModel, setUserModels, type Dtype, type ModelEntry, type ModelFile, type Role, type Task } from './catalogue';
import type { InstallState } from './installed';
import type { FolderReport, PickedFile } from './userModel';

export const USER_MODEL_PREFIX = 'user/';
const ROOT_DIR = 'user-models';
const FILES_DIR = 'models';
const REGISTRY_FILE = 'registry.json';
/** Where Transformers.js (`env.localModelPath` + id) and Evaluate look for a user model's files. */
const USER_MODELS_PATH = `${import.meta.env?.BASE_URL ?? '/'}models/${USER_MODEL_PREFIX}`;

/** The parts of FileSystemDirectoryHandle used here, so unit tests can pass an in-memory fake. */
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
	if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) throw new Error('This browser has no Origin Private File System.');
	return navigator.storage.getDirectory();
};

/** The catalogue role that uses a model of this task. */
export const ROLE_FOR_TASK: Readonly<Record<Task, Role>> = {
	'text-generation': 'llm',
	'token-classification': 'ner',
	'feature-extraction': 'embed',
	'zero-shot-classification': 'classify',
	'question-answering': 'qa',
	// An own sentence classifier has no fixed use (hallmarks, drug pairs): it can be checked, not yet added.
	'text-classification': 'classify'
};

/** Tasks the engine can run (src/lib/inference/transformersEngine.ts); the others can be checked, not added. */
export const RUNNABLE_TASKS: readonly Task[] = ['text-generation', 'token-classification', 'feature-extraction'];

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
		role: ROLE_FOR_TASK[task],
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
async function storedFile(root: DirectoryLike, name: string, path: string): Promise<Blob | null> {
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
	let text: string;
	try {
		const dir = await root.getDirectoryHandle(ROOT_DIR);
		text = await (await (await dir.getFileHandle(REGISTRY_FILE)).getFile()).text();
	} catch {
		return [];
	}
	try {
		const parsed = JSON.parse(text) as { models?: unknown };
		return Array.isArray(parsed.models) ? parsed.models.filter(isUserEntry) : [];
	} catch {
		return [];
	}
}

async function writeRegistry(root: DirectoryLike, entries: readonly ModelEntry[]): Promise<void> {
	const dir = await root.getDirectoryHandle(ROOT_DIR, { create: true });
	const writable = await (await dir.getFileHandle(REGISTRY_FILE, { create: true })).createWritable();
	await writable.write(JSON.stringify({ version: 1, models: entries }, null, '\t'));
	await writable.close();
}

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
	await writeRegistry(root, entries);
	return entries;
}

/** Unlists the model, then removes its files. Returns the new registry. */
export async function deleteUserModel(root: DirectoryLike, id: string): Promise<ModelEntry[]> {
	const entries = (await readUserModels(root)).filter((e) => e.id !== id);
	await writeRegistry(root, entries);
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

/** `/models/user/<name>/<file>` (also as a full same-origin URL) -> { name, path }; null for anything else. */
export function userModelPath(url: string, base = USER_MODELS_PATH): { name: string; path: string } | null {
	let pathname = url;
	if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
		try {
			const parsed = new URL(url);
			if (typeof location !== 'undefined' && parsed.origin !== location.origin) return null;
			pathname = parsed.pathname;
		} catch {
			return null;
		}
	}
	if (!pathname.startsWith(base)) return null;
	const rest = pathname.slice(base.length).split('?')[0]!;
	const slash = rest.indexOf('/');
	if (slash <= 0 || slash === rest.length - 1) return null;
	return { name: decodeURIComponent(rest.slice(0, slash)), path: decodeURIComponent(rest.slice(slash + 1)) };
}

/** The user's own models, then the Hub models downloaded completely in this browser. */
export async function readStoredModels(root: DirectoryLike): Promise<ModelEntry[]> {
	const downloads = (await readDownloads(root)).filter((r) => r.isComplete).map((r) => r.entry);
	return [...(await readUserModels(root)), ...downloads];
}

/** A stored user model file as a Response (200 with its length, or 404), without a network request. */
export async function userModelResponse(root: DirectoryLike, name: string, path: string): Promise<Response> {
	const blob = await storedFile(root, name, path);
	if (!blob) return new Response(null, { status: 404, statusText: 'Not stored in this browser' });
	return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size), 'content-type': 'application/octet-stream' } });
}

/**
 * `fetch` that answers user model paths from OPFS and passes everything else to `fetch` as is.
 * Used as Transformers.js's `env.fetch` in the worker and by Evaluate for model side files.
 */
export function fetchWithUserModels(getRoot: GetRoot = opfsRoot, next: typeof fetch = (...args) => fetch(...args)) {
	return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		const target = userModelPath(url);
		if (target !== null) return userModelResponse(await getRoot(), target.name, target.path);
		const downloaded = downloadedModelPath(url, USER_MODELS_PATH.slice(0, -USER_MODEL_PREFIX.length));
		// Only Hub models can have been downloaded: bundled ones never touch storage.
		if (downloaded !== null && findModel(downloaded.id)?.source.kind === 'hub') {
			const blob = await getRoot().then((root) => downloadedFile(root, downloaded.id, downloaded.path), () => null);
			if (blob) return new Response(blob, { status: 200, headers: { 'content-length': String(blob.size), 'content-type': 'application/octet-stream' } });
		}
		return next(input, init);
	};
}

/** Reads the registry into getModel()/allModels() (catalogue.ts); no storage means no user models. */
export async function refreshUserModels(getRoot: GetRoot = opfsRoot): Promise<ModelEntry[]> {
	const entries = await getRoot().then(readStoredModels, () => []);
	setUserModels(entries);
	return entries;
}

export interface RegistryGateOptions {
	refresh?: () => Promise<readonly ModelEntry[]>;
	/** Drops a loaded copy of a user model that was deleted or added again since (awaited before the load). */
	onReplaced?: (id: string) => Promise<void>;
}

/**
 * Worker side: before a `load` of a user model, re-reads the registry so the handler's getModel() knows the
 * model (it may have been added after the worker started), and drops the pipeline of an older copy. Requests
 * keep their order; while no such read is pending, a request is handled at once, as without this wrapper.
 */
export function withUserModelRegistry<M extends { data: unknown }>(handle: (message: M) => void, options: RegistryGateOptions = {}): (message: M) => void {
	const { refresh = refreshUserModels, onReplaced = async () => undefined } = options;
	/** What this worker last loaded per user model id (its addedAt and files). */
	const versions = new Map<string, string>();
	let gate: Promise<unknown> = Promise.resolve();
	let pending = 0;
	const check = async (id: string) => {
		const entry = (await refresh()).find((e) => e.id === id);
		const version = entry ? JSON.stringify([entry.addedAt ?? null, entry.task, entry.files]) : 'deleted';
		const previous = versions.get(id);
		if (previous !== undefined && previous !== version) await onReplaced(id);
		versions.set(id, version);
	};
	return (message) => {
		const request = message.data as { type?: unknown; modelId?: unknown };
		// A user model, or a downloaded one the catalogue does not list: the registry says what it is.
		const isStored = (id: string) => isUserModelId(id) || !catalogue.some((m) => m.id === id);
		const userLoad = request.type === 'load' && typeof request.modelId === 'string' && isStored(request.modelId) ? request.modelId : null;
		if (userLoad !== null) gate = gate.then(() => check(userLoad)).catch(() => undefined);
		if (userLoad === null && pending === 0) {
			handle(message);
			return;
		}
		pending += 1;
		void gate.then(() => {
			pending -= 1;
			handle(message);
		});
	};
}
