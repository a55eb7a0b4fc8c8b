// Rewrites bundled catalogue entries from models/bedside/<name>/MANIFEST.json (written by training/).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dtypeOfFile } from '../../src/lib/models/dtypes.js';

/** @param {string} path */
async function readManifest(path) {
	try {
		return JSON.parse(await readFile(path, 'utf8'));
	} catch (err) {
		if (err && err.code === 'ENOENT') return null;
		throw new Error(`${path} is not valid JSON (${err.message}). Fix: re-run the training export for this model.`, { cause: err });
	}
}

/** The catalogue file list a manifest implies. */
export function filesFromManifest(manifest) {
	return manifest.files.map((f) => {
		const dtype = dtypeOfFile(f.path);
		return dtype === null ? { path: f.path, bytes: f.bytes, sha256: f.sha256 } : { path: f.path, bytes: f.bytes, sha256: f.sha256, dtype };
	});
}

/**
 * Returns a synced copy of the catalogue and what changed.
 * @param {{ models: any[] }} catalogue
 * @param {string} repoRoot
 */
export async function syncBundled(catalogue, repoRoot) {
	const changes = [];
	const absent = [];
	const models = [];
	for (const entry of catalogue.models) {
		if (entry.source.kind !== 'bundled') {
			models.push(entry);
			continue;
		}
		const manifestPath = join(repoRoot, entry.source.path, 'MANIFEST.json');
		const manifest = await readManifest(manifestPath);
		if (manifest === null) {
			absent.push(entry.id);
			models.push(entry);
			continue;
		}
		if (manifest.id !== entry.id) {
			throw new Error(`${manifestPath} says id "${manifest.id}", the catalogue expects "${entry.id}".`);
		}
		const next = { ...entry, license: manifest.license ?? entry.license, files: filesFromManifest(manifest) };
		if (JSON.stringify(next) !== JSON.stringify(entry)) changes.push(entry.id);
		models.push(next);
	}
	return { catalogue: { ...catalogue, models }, changes, absent };
}
