// Set-up steps shared by `npm start` and `npm test`: dependencies, browser, models. Node built-ins only,
// because it runs before `npm ci` on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './catalogue.mjs';

/** Runs a command inheriting stdio; returns its exit status. */
export function run(command, args, env = {}) {
	console.log(`\n$ ${[command, ...args].join(' ')}`);
	const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
	return result.status ?? 1;
}

export function mustRun(command, args, env = {}) {
	const status = run(command, args, env);
	if (status !== 0) {
		console.error(`\n"${[command, ...args].join(' ')}" failed (exit ${status}).`);
		process.exit(status);
	}
}

/** `npm ci` when node_modules is missing or older than the lockfile. onnxruntime-node's download is skipped: its CPU binaries ship in the package. */
export function ensureDependencies() {
	const marker = join(REPO_ROOT, 'node_modules', '.package-lock.json');
	const lock = join(REPO_ROOT, 'package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
	mustRun('npm', ['ci', '--no-audit', '--no-fund'], { ONNXRUNTIME_NODE_INSTALL: 'skip' });
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium (Playwright's own browser download is unreachable here). */
export function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const apt = (args) => (sudo.length ? run('sudo', ['apt-get', ...args]) : run('apt-get', args));
	apt(['update']);
	if (apt(['install', '-y', 'chromium']) !== 0 || !existsSync(CHROMIUM)) {
		console.error(`Chromium is missing at ${CHROMIUM}. Fix: apt-get install -y chromium (or set CHROMIUM_PATH).`);
		process.exit(1);
	}
}

export function ensureModels() {
	mustRun('node', ['scripts/models.mjs']);
}

/**
 * The chat's offline library (scripts/library.mjs) from MedQuAD train. Not fatal: without the data the app still
 * runs, and the chat says the library is missing and how to build it.
 */
export function ensureLibrary() {
	if (run('node', ['scripts/library.mjs']) !== 0)
		console.warn('The medical library was not built; the chat will answer without it. Fix: npm run data (needs ../shared/data).');
}
