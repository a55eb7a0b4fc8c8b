/**
 * The page's reactive view of the user's own models (userModelStore.ts): model lists that include them update
 * when one is added or deleted, in every view. The first read starts loading the registry from storage.
 */
import { allModels, setUserModels, type ModelEntry, type Role } from './catalogue';
import { readDownloads } from '../download/hubStore';
import { deleteUserModel, opfsRoot, readStoredModels, saveUserModel } from './userModelStore';

const state = $state<{ entries: readonly ModelEntry[]; downloaded: readonly string[] }>({ entries: [], downloaded: [] });
let loading: Promise<void> | null = null;

function publish(entries: readonly ModelEntry[]): void {
	setUserModels(entries);
	state.entries = entries;
}

/** Reads the registry once (again after `force`); no storage means no user models. */
export function loadUserModels(force = false): Promise<void> {
	if (!loading || force) {
		loading = opfsRoot()
			.then(async (root) => {
				state.downloaded = (await readDownloads(root)).filter((r) => r.isComplete).map((r) => r.entry.id);
				return readStoredModels(root);
			})
			.catch(() => [])
			.then(publish);
	}
	return loading;
}

/** Catalogue models then the user's own (all, or those of a role); reactive. */
export function listModels(role?: Role): ModelEntry[] {
	void loadUserModels();
	void state.entries;
	const models = allModels();
	return role ? models.filter((m) => m.role === role) : models;
}

/** The user's own models only; reactive. */
export function userModelEntries(): readonly ModelEntry[] {
	void loadUserModels();
	return state.entries;
}

export async function addUserModel(entry: ModelEntry, files: ReadonlyArray<{ path: string; blob: Blob }>): Promise<void> {
	await loadUserModels();
	await saveUserModel(await opfsRoot(), entry, files);
	publish(await readStoredModels(await opfsRoot()));
}

export async function removeUserModel(id: string): Promise<void> {
	await loadUserModels();
	await deleteUserModel(await opfsRoot(), id);
	publish(await readStoredModels(await opfsRoot()));
}

/** Whether a Hub model was downloaded completely into this browser (download.html); reactive. */
export function isDownloaded(id: string): boolean {
	void loadUserModels();
	return state.downloaded.includes(id);
}
