#!/usr/bin/env node
// `npm run models [-- --only ID[,ID]] [--from DIR] [--hub] [--hub-url URL] [--dest DIR]`
// Installs catalogue models into public/models/ (see scripts/lib/install.mjs for the source order).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readCatalogue, REPO_ROOT } from './lib/catalogue.mjs';
import { formatBytes } from './lib/files.mjs';
import { DEFAULT_HUB_URL, InstallError, installModels } from './lib/install.mjs';

const { values } = parseArgs({
	options: {
		only: { type: 'string' },
		from: { type: 'string' },
		hub: { type: 'boolean', default: false },
		'hub-url': { type: 'string' },
		dest: { type: 'string' },
		help: { type: 'boolean', default: false }
	}
});

if (values.help) {
	console.log(`Usage: npm run models -- [--only ID,ID] [--from DIR] [--hub] [--hub-url URL] [--dest DIR]
Sources in order: files already in public/models (verified), models/bedside/, a mirror directory
(--from, or BEDSIDE_MODELS_MIRROR, or ../shared/models when it exists), then the Hugging Face Hub (--hub;
endpoint --hub-url or HF_ENDPOINT). Without --only: every bundled model, plus every Hub model with --hub.`);
	process.exit(0);
}

const defaultMirror = join(REPO_ROOT, '..', 'shared', 'models');
const mirrorDir = values.from ?? process.env.BEDSIDE_MODELS_MIRROR ?? (existsSync(defaultMirror) ? defaultMirror : null);
if (values.from && !existsSync(values.from)) {
	console.error(`--from ${values.from}: no such directory. Fix: pass a directory laid out as <org>/<name>/<file>.`);
	process.exit(2);
}

const isTTY = process.stdout.isTTY;
let lastReport = 0;
function onProgress(file, loaded, total) {
	const now = Date.now();
	if (now - lastReport < (isTTY ? 100 : 2000) && loaded !== total) return;
	lastReport = now;
	const pct = total ? ` ${Math.floor((loaded / total) * 100)}%` : '';
	const line = `  ↓ ${file} ${formatBytes(loaded)}${total ? ` / ${formatBytes(total)}` : ''}${pct}`;
	if (isTTY) process.stdout.write(`\r${line}\x1b[K${loaded === total ? '\n' : ''}`);
	else console.log(line);
}

try {
	const result = await installModels({
		catalogue: await readCatalogue(),
		repoRoot: REPO_ROOT,
		dest: resolve(values.dest ?? join(REPO_ROOT, 'public', 'models')),
		mirrorDir: mirrorDir ? resolve(mirrorDir) : null,
		useHub: values.hub,
		hubUrl: values['hub-url'] ?? process.env.HF_ENDPOINT ?? DEFAULT_HUB_URL,
		only: values.only
			? values.only
					.split(',')
					.map((s) => s.trim())
					.filter(Boolean)
			: null,
		log: (line) => console.log(line),
		onProgress
	});
	if (result.errors.length > 0) {
		console.error(`\n${result.errors.length} file(s) could not be installed:`);
		for (const error of result.errors) console.error(`- ${error.message}`);
		process.exit(1);
	}
	console.log(`Models ready in public/models: ${result.installed.join(', ') || 'none'}`);
} catch (err) {
	if (err instanceof InstallError) {
		console.error(err.message);
		process.exit(1);
	}
	throw err;
}
