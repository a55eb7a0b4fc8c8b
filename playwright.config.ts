/**
 * E2E against the production build served by `vite preview` (COOP/COEP on, so WASM threads work).
 * - Debian's chromium: Playwright's own browser download is not reachable on these machines.
 * - One worker: the machine has 2 cores and every test runs a real model; parallel runs would
 *   only make the streaming tests flaky and slow.
 * - `npm run test:e2e` builds first; the webServer only previews.
 * - The JSON report (test-results/e2e.json) is what .ci/run counts.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, fakeHub } from './scripts/lib/browser.mjs';

// E2E_PORT / E2E_DIST let two checkouts (or two people on one machine) run the suite side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const DIST = process.env.E2E_DIST ?? 'dist';
const isCI = !!process.env.CI;
// The download tests' local fake Hub on the next two ports; preview sends download.html's policy with them.
const HUB = fakeHub(PORT);
process.env.BEDSIDE_HUB_ORIGINS ??= HUB.origins;

export default defineConfig({
	testDir: 'e2e',
	// Playwright empties its outputDir on start: keep it apart from the other reports in test-results/.
	outputDir: 'test-results/e2e-artifacts',
	workers: 1,
	fullyParallel: false,
	retries: isCI ? 1 : 0,
	timeout: 120_000,
	expect: { timeout: 60_000 },
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'on-first-retry',
		// The production build registers a service worker (offline use). It would answer requests before
		// context.route() sees them (bad-input's damaged model files, the off-origin guard), so it is blocked
		// here; e2e/offline.spec.ts allows it.
		serviceWorkers: 'block',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: CHROMIUM_ARGS
		}
	},
	projects: [
		{ name: 'wasm', testIgnore: /webgpu\.spec\.ts/ },
		{
			name: 'webgpu',
			testMatch: /webgpu\.spec\.ts/,
			use: {
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
					args: [
						...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'),
						'--enable-unsafe-webgpu',
						'--enable-features=Vulkan',
						'--use-webgpu-adapter=swiftshader'
					]
				}
			}
		}
	],
	webServer: [
		{
			command: `npx vite preview --port ${PORT} --strictPort --host 127.0.0.1 --outDir ${DIST}`,
			url: `http://127.0.0.1:${PORT}`,
			reuseExistingServer: !isCI,
			timeout: 60_000
		},
		{
			command: `node scripts/fakeHub.mjs --hub-port ${HUB.hubPort} --cdn-port ${HUB.cdnPort}`,
			url: `${HUB.hubUrl}/__log`,
			reuseExistingServer: !isCI,
			timeout: 30_000
		}
	]
});
