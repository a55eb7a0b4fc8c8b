// Reads and writes src/lib/models/catalogue.json for the Node scripts (the app imports the same file).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CATALOGUE_PATH = join(REPO_ROOT, 'src', 'lib', 'models', 'catalogue.json');

/** @param {string} [path] */
export async function readCatalogue(path = CATALOGUE_PATH) {
	return JSON.parse(await readFile(path, 'utf8'));
}

/** The model each view and script starts with, by role (`defaults` in catalogue.json). */
export async function defaultModelIds(path = CATALOGUE_PATH) {
	return (await readCatalogue(path)).defaults;
}

/** Writes with tabs, like the rest of the repo, so a sync makes a minimal diff. */
export async function writeCatalogue(catalogue, path = CATALOGUE_PATH) {
	await writeFile(path, `${JSON.stringify(catalogue, null, '\t')}\n`);
}
