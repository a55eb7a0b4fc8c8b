// `node bench/chromiumFlags.mjs [base,noliftoff,...]` (after a build into dist/, or DIST=folder): a diagnostic, not
// part of `npm run bench`. The chat's decode speed in headless Chromium (bedside/med-lm, WASM, 1 thread, 64 tokens,
// four prompts of one conversation) under Chromium flag variants, to see what paces the browser: e.g. V8's baseline
// WASM tier (`noliftoff`) or timer throttling. Prints tokens/s per prompt; not a test, no report file.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';
import { runBrowser } from './browser.mjs';
const variants = {
	base: [],
	nothrottle: ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'],
	noliftoff: ['--js-flags=--no-liftoff'],
	budget: ['--js-flags=--wasm-tiering-budget=20000'],
	nodyn: ['--js-flags=--no-wasm-dynamic-tiering']
};
const only = process.argv[2] ? process.argv[2].split(',') : Object.keys(variants);
const preview = await startPreview({ port: 4199, dist: process.env.DIST ?? 'dist' });
const prompts = ['What are the symptoms of asthma?', 'How is hypertension treated?', 'What causes anemia?', 'What is gout?'];
try {
	for (const name of only) {
		const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...variants[name]] });
		const r = await runBrowser({
			browser,
			base: preview.base ?? 'http://127.0.0.1:4199',
			modelId: 'bedside/med-lm',
			threads: 1,
			tokens: 64,
			prompts,
			round: 0,
			measureMemory: false
		});
		console.log(name, r.runs.map((x) => x.tokensPerSecond.toFixed(1)).join(' '), JSON.stringify(r.runs[3].timings));
		await browser.close();
	}
} finally {
	await preview.stop();
}
