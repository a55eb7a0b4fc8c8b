// The core of `npm run models`: installs catalogue files into public/models/<id>/ from, in order,
// (1) files already in place and verified, (2) the repo's models/bedside/, (3) a local mirror
// directory, (4) the Hugging Face Hub (only when allowed). Every file is checked for size and sha256.
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { hubFileUrl } from '../../src/lib/models/pins.js';
import { formatBytes, verifyFile } from './files.mjs';

// One Hub URL scheme and one pin rule for this script and the page's download engine (src/lib/download/).
export { DEFAULT_HUB_URL, hubFileUrl } from '../../src/lib/models/pins.js';

/** A failure that names the file and the fix; the CLI prints these and exits non-zero. */
export class InstallError extends Error {
	constructor(file, problem, fix) {
		super(`${file}: ${problem}\n  Fix: ${fix}`);
		this.file = file;
		this.problem = problem;
		this.fix = fix;
	}
}

/**
 * @typedef {object} InstallOptions
 * @property {{ models: any[] }} catalogue
 * @property {string} repoRoot   where models/bedside/ lives
 * @property {string} dest       public/models
 * @property {string | null} mirrorDir  a local mirror in the Hub layout <org>/<name>/<file>
 * @property {boolean} useHub    allow downloads from the Hub
 * @property {string} hubUrl     the Hub endpoint (tests point it at a local server)
 * @property {string[] | null} only  model ids to install; null: every bundled model (plus Hub ones with useHub)
 * @property {(line: string) => void} log
 * @property {(file: string, loaded: number, total: number | null) => void} [onProgress]
 */

/** Picks the entries to install and reports the ones that cannot be yet. */
export function selectEntries(catalogue, only, useHub) {
	if (only) {
		const unknown = only.filter((id) => !catalogue.models.some((m) => m.id === id));
		if (unknown.length > 0) {
			throw new InstallError(unknown.join(', '), 'not in the catalogue', 'use an id from src/lib/models/catalogue.json');
		}
		return catalogue.models.filter((m) => only.includes(m.id));
	}
	return catalogue.models.filter((m) => m.bundled || useHub);
}

/** @param {InstallOptions} options @returns {Promise<{ installed: string[], skipped: string[], errors: InstallError[] }>} */
export async function installModels(options) {
	const entries = selectEntries(options.catalogue, options.only, options.useHub);
	const result = { installed: [], skipped: [], errors: [] };
	for (const entry of entries) {
		if (entry.files.length === 0) {
			const error = pendingBundled(entry);
			if (options.only) result.errors.push(error);
			else {
				options.log(`- ${entry.id}: skipped (${error.problem})`);
				result.skipped.push(entry.id);
			}
			continue;
		}
		options.log(`${entry.id}`);
		for (const file of entry.files) {
			try {
				const how = await installFile(entry, file, options);
				options.log(`  ✓ ${file.path} (${formatBytes(how.bytes)}, ${how.source})`);
				if (file.sha256 === null) {
					options.log(`    not pinned yet: bytes ${how.bytes}, sha256 ${how.sha256} (add to the catalogue)`);
				}
			} catch (err) {
				if (!(err instanceof InstallError)) throw err;
				options.log(`  ✗ ${file.path}`);
				result.errors.push(err);
			}
		}
		if (!result.errors.some((e) => e.file.startsWith(`${entry.id}/`))) result.installed.push(entry.id);
	}
	return result;
}

function pendingBundled(entry) {
	return new InstallError(
		entry.id,
		`no files in the catalogue yet: ${entry.source.path ?? 'its folder'} has no MANIFEST.json`,
		`train and export it (see training/), commit ${entry.source.path}/, then run \`npm run catalogue:sync\``
	);
}

async function installFile(entry, file, options) {
	const target = join(options.dest, entry.id, file.path);
	const name = `${entry.id}/${file.path}`;
	const inPlace = await verifyFile(target, file);
	if (inPlace.ok) return { ...inPlace, source: 'already in place' };

	const problems = [];
	if (inPlace.problem !== 'missing') problems.push(`installed copy: ${inPlace.problem}`);
	const candidates = [];
	if (entry.source.kind === 'bundled') candidates.push(['repository', join(options.repoRoot, entry.source.path, file.path)]);
	if (options.mirrorDir) candidates.push(['mirror', join(options.mirrorDir, entry.id, file.path)]);
	for (const [label, path] of candidates) {
		const check = await verifyFile(path, file);
		if (check.ok) {
			await mkdir(dirname(target), { recursive: true });
			await copyFile(path, `${target}.partial`);
			await rename(`${target}.partial`, target);
			return { ...check, source: `from ${label} ${path}` };
		}
		if (check.problem !== 'missing') problems.push(`${label} copy ${path}: ${check.problem}`);
	}

	if (entry.source.kind === 'hub' && options.useHub) {
		const url = hubFileUrl(options.hubUrl, entry.source.repo, entry.source.revision, file.path);
		await download(url, target, file, name, options);
		const check = await verifyFile(target, file);
		if (check.ok) return { ...check, source: `downloaded ${url}` };
		await rm(target, { force: true });
		throw new InstallError(name, `downloaded file rejected: ${check.problem}`, hubFix(entry));
	}
	const problem = problems.length > 0 ? problems.join('; ') : 'not found in any source';
	throw new InstallError(name, problem, fixFor(entry, options));
}

function fixFor(entry, options) {
	if (entry.source.kind === 'bundled') {
		return `restore ${entry.source.path}/ from git (git checkout -- ${entry.source.path}), or re-export it and run \`npm run catalogue:sync\``;
	}
	if (!options.useHub) {
		return `download it: \`npm run models -- --hub --only ${entry.id}\` (needs internet), or put it in a mirror: \`npm run models -- --from DIR\``;
	}
	return hubFix(entry);
}

function hubFix(entry) {
	return `check the network and the pin in src/lib/models/catalogue.json, then re-run \`npm run models -- --hub --only ${entry.id}\``;
}

async function download(url, target, file, name, options) {
	let response;
	try {
		response = await fetch(url, { redirect: 'follow' });
	} catch (err) {
		throw new InstallError(
			name,
			`download failed (${err.cause?.code ?? err.message}) from ${url}`,
			'check the network, or use a mirror with --from DIR'
		);
	}
	if (!response.ok || !response.body) {
		throw new InstallError(name, `download failed: HTTP ${response.status} from ${url}`, 'check the repo id and revision in the catalogue');
	}
	const total = file.bytes ?? (Number(response.headers.get('content-length')) || null);
	let loaded = 0;
	const progress = new Transform({
		transform(chunk, _encoding, callback) {
			loaded += chunk.length;
			options.onProgress?.(name, loaded, total);
			callback(null, chunk);
		}
	});
	await mkdir(dirname(target), { recursive: true });
	const partial = `${target}.partial`;
	try {
		await pipeline(Readable.fromWeb(response.body), progress, createWriteStream(partial));
	} catch (err) {
		await rm(partial, { force: true });
		throw new InstallError(name, `download interrupted (${err.message})`, 're-run the same command; it resumes file by file');
	}
	await rename(partial, target);
}
