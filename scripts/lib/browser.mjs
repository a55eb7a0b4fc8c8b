// What the scripts that drive the built app share (bench, eval, soak, screenshots) with the e2e suite:
// Chromium's flags, `vite preview` on a port of their own, and blocking requests off the page's origin.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './catalogue.mjs';

/** Headless Chromium flags that work on these machines (playwright.config.ts uses them too). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/**
 * Serves `dist` with `vite preview` (COOP/COEP and CSP headers, as the e2e tests) on 127.0.0.1:`port` and waits
 * until it answers; a busy machine can take a while, so it waits up to `waitMs`. Returns the base URL and a stop().
 */
export async function startPreview({ port, dist, waitMs = 120_000 }) {
	const base = `http://127.0.0.1:${port}`;
	const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--outDir', dist], {
		cwd: REPO_ROOT,
		stdio: 'ignore',
		detached: true
	});
	const stop = () => {
		try {
			process.kill(-child.pid);
		} catch {
			/* already gone (e.g. the port was taken) */
		}
	};
	for (const deadline = Date.now() + waitMs; Date.now() < deadline;) {
		try {
			if ((await fetch(base)).ok) return { base, stop };
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	stop();
	throw new Error(`vite preview did not start on ${base}`);
}

/**
 * Aborts every request of a page or context that leaves `base` (blob: and data: stay local) and returns the
 * list it records them in: the app must make none, so callers report a non-empty list as a failure.
 */
export async function blockOffOrigin(target, base) {
	const offOrigin = [];
	await target.route('**/*', (route) => {
		const url = route.request().url();
		if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
		offOrigin.push(url);
		return route.abort();
	});
	return offOrigin;
}

/**
 * The e2e tests' local fake Hub (scripts/fakeHub.mjs) listens on two ports, the "hub" and the "CDN" origin:
 * E2E_HUB_PORT and the next one, or by default a pair derived from the app's port (4173 -> 20346/20347) that no
 * other E2E_PORT maps to, so checkouts side by side (E2E_PORT 4283, 4284, ...) never take each other's ports.
 * The build and `vite preview` add both to download.html's connect-src (BEDSIDE_HUB_ORIGINS).
 */
export function fakeHub(appPort, env = process.env) {
	const hubPort = env.E2E_HUB_PORT ? Number(env.E2E_HUB_PORT) : 20000 + (appPort - 4000) * 2;
	const cdnPort = hubPort + 1;
	const hubUrl = `http://127.0.0.1:${hubPort}`;
	const cdnUrl = `http://127.0.0.1:${cdnPort}`;
	return { hubPort, cdnPort, hubUrl, cdnUrl, origins: `${hubUrl} ${cdnUrl}` };
}
