// `node bench/codeCache.mjs [visits]` (after a build into dist/, or DIST=folder): a diagnostic, not part of
// `npm run bench`. Does Chromium's WASM code cache give a later visit V8's optimised ONNX Runtime code at once, so
// that the warm-up (generation/warmup.ts) has nothing left to do? The built app's chat (bedside/med-lm, WASM,
// 1 thread) is loaded on `visits` pages one after another, in one persistent profile (HTTP cache and code cache
// kept between pages, as for a returning user) and, as the control, each in a fresh profile. Prints per visit the
// warm-up's first and last window step times (ms), its length, and the first prompt's tokens/s, and writes them to
// bench/results/codecache-latest.md with the load average.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';
import { runBrowser } from './browser.mjs';

const VISITS = Number(process.argv[2] ?? 3);
const port = Number(process.env.PORT ?? 4198);
const preview = await startPreview({ port, dist: process.env.DIST ?? 'dist' });
const prompts = ['What are the symptoms of asthma?'];

/** Bytes under a folder (Chromium's `Code Cache/wasm`: V8's serialized WASM modules, one entry per module URL). */
function folderBytes(dir) {
	if (!existsSync(dir)) return 0;
	return readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
		const path = join(dir, e.name);
		return sum + (e.isDirectory() ? folderBytes(path) : statSync(path).size);
	}, 0);
}

const lines = [];
const log = (line) => (console.log(line), lines.push(`- ${line} (load ${loadavg()[0].toFixed(2)})`));

async function visit(context, label, profile) {
	const cached = profile ? folderBytes(join(profile, 'Default', 'Code Cache', 'wasm')) : 0;
	// runBrowser opens its page with browser.newPage(): hand it the context so the page shares the profile.
	const r = await runBrowser({
		browser: context,
		base: preview.base,
		modelId: 'bedside/med-lm',
		threads: 1,
		tokens: 64,
		prompts,
		round: 0,
		measureMemory: false
	});
	const w = r.warmup ?? {};
	log(
		`${label}: ${profile ? `WASM code cache ${(cached / 2 ** 20).toFixed(1)} MiB before the visit; ` : ''}warm-up first window ${w.firstStepMs?.toFixed(2)} ms/step, last ${w.stepMs?.toFixed(2)}, ${w.steps} steps in ${w.ms?.toFixed(0)} ms; first prompt ${r.runs[0].tokensPerSecond.toFixed(1)} tokens/s`
	);
}

try {
	const profile = mkdtempSync(join(tmpdir(), 'bedside-codecache-'));
	const persistent = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	// The chat is kept in localStorage across visits: start each visit with an empty one (caches stay).
	await persistent.addInitScript(() => localStorage.clear());
	for (let i = 1; i <= VISITS; i++) await visit(persistent, `returning profile, visit ${i}`, profile);
	await persistent.close();
	rmSync(profile, { recursive: true, force: true });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	for (let i = 1; i <= VISITS; i++) await visit(browser, `fresh profile, visit ${i}`);
	await browser.close();
	const dir = join(REPO_ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const head = `# WASM code cache across visits\n\n${new Date().toISOString()} · \`node bench/codeCache.mjs ${VISITS}\` · bedside/med-lm, WASM, 1 thread\n\n`;
	writeFileSync(join(dir, 'codecache-latest.md'), `${head}${lines.join('\n')}\n`);
} finally {
	preview.stop();
}
