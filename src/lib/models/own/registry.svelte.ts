/**
 * The page's model registry: the catalogue plus the user's own models and the Hub models downloaded into this
 * browser (store.ts, hubStore.ts), as reactive state. Model lists and lookups in every view come from here, so
 * a model added or deleted in the Models tab appears everywhere; the first read starts loading from storage.
 * Workers never read this: the client sends the entry with each load.
 */
import { catalogue, findCatalogueModel, type ModelEntry, type Role } from '../catalogue';
import { readDownloads } from '../../download/hubStore';
import { opfsRoot } from '../../state/opfs';
import { deleteUserModel, readStoredModels, saveUserModel } from './store';

// The entries themselves stay plain objects (the client posts them to workers, which cannot clone a reactive
// proxy); `version` is the reactive signal that model lists read and each publish bumps.
let entries: readonly ModelEntry[] = [];
const state = $state<{ version: number; downloaded: readonly string[] }>({ version: 0, downloaded: [] });
let loading: Promise<void> | null = null;

function publish(list: readonly ModelEntry[]): void {
	// A stored entry never shadows a catalogue model with the same id.
	entries = list.filter((e) => !catalogue.some((m) => m.id === e.id));
	state.version += 1;
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

/** Catalogue models, then the user's own and downloaded ones; reactive. */
export function allModels(): ModelEntry[] {
	void loadUserModels();
	void state.version;
	return [...catalogue, ...entries];
}

/** All models, or those of a role; reactive. */
export function listModels(role?: Role): ModelEntry[] {
	const models = allModels();
	return role ? models.filter((m) => m.role === role) : models;
}

/** A catalogue, own or downloaded model by id, or undefined (own models only once storage was read). */
export function findModel(id: string): ModelEntry | undefined {
	// Not reactive on purpose: views look up the model they show, and a model deleted meanwhile must not make
	// those lookups throw while the lists (which are reactive) move the selection away from it.
	return findCatalogueModel(id) ?? entries.find((m) => m.id === id);
}

/** @throws Error when the id is neither in the catalogue nor one of the user's own models. */
export function getModel(id: string): ModelEntry {
	const entry = findModel(id);
	if (!entry) throw new Error(`Unknown model id "${id}": it is not in src/lib/models/catalogue.json nor one of your own models.`);
	return entry;
}

/** The user's own models only; reactive. */
export function userModelEntries(): readonly ModelEntry[] {
	void loadUserModels();
	void state.version;
	return entries;
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
