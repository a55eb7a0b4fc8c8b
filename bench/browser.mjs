// The browser side of `npm run bench`: the built app's chat in headless Chromium on WASM, one fresh page (so a
// fresh worker and a cold model) per run, the fixed prompts sent in turn through the real UI.
import { blockOffOrigin } from '../scripts/lib/browser.mjs';
import { summariseRuns } from './report.mjs';

/** `side` and `extraQuery` name a variant of the app, e.g. `kvReuse=0` (every prompt prefilled whole). */
export async function runBrowser({
	browser,
	base,
	modelId,
	threads,
	tokens,
	prompts,
	round,
	measureMemory,
	side = 'browser',
	extraQuery = ''
}) {
	const page = await browser.newPage();
	const offOrigin = await blockOffOrigin(page, base);
	const query = `device=wasm&threads=${threads}&maxNewTokens=${tokens}&minNewTokens=${tokens}&temperature=0&library=off${extraQuery}`;
	const wallLoadMs = await openAndLoad(page, `${base}/?${query}`, modelId);
	const model = JSON.parse((await page.getByLabel('Active backend').getAttribute('data-model')) ?? 'null');
	const runs = [];
	// One conversation, as a person uses the chat (the native side replays the same conversation).
	for (const [i, prompt] of prompts.entries()) {
		const s = await sendAndWait(page, prompt, i + 1);
		runs.push({ prompt, tokens: s.tokens, ttftMs: s.ttftMs, tokensPerSecond: s.tokensPerSecond, timings: s.timings });
	}
	const pageMemory = measureMemory ? await pageAndWorkerBytes(page) : null;
	await page.close();
	return {
		side,
		round,
		backend: `WASM ${model.threads} thread${model.threads === 1 ? '' : 's'}`,
		device: model.device,
		dtype: model.dtype,
		threads: model.threads,
		decodeLoop: model.decodeLoop,
		loadMs: model.loadMs,
		wallLoadMs,
		warmup: model.warmup,
		memory: { ...model.memory, pageAndWorkersBytes: pageMemory },
		runs,
		...summariseRuns(runs),
		offOriginRequests: offOrigin
	};
}

/** Opens the chat at `url`, loads `modelId` and returns the load's wall time; throws with the page's alert if it fails. */
export async function openAndLoad(page, url, modelId) {
	await page.goto(url);
	await page.getByRole('combobox', { name: 'Model' }).selectOption(modelId);
	const t0 = Date.now();
	await page.getByRole('button', { name: 'Load model' }).click();
	const status = page.getByRole('status', { name: 'Model status' });
	await status.filter({ hasText: /^(ready|error)$/ }).waitFor({ timeout: 300_000 });
	if ((await status.textContent()) !== 'ready') throw new Error(`load failed: ${await page.getByRole('alert').first().textContent()}`);
	return Date.now() - t0;
}

/** Sends `prompt` as chat turn `turn` (1-based) and returns the turn's run stats once they appear. */
export async function sendAndWait(page, prompt, turn) {
	await page.getByLabel('Prompt', { exact: true }).fill(prompt);
	await page.getByRole('button', { name: 'Send' }).click();
	// A cheap poll, not a role locator: Playwright re-evaluates a waiting locator as the streamed answer changes the
	// DOM, work done on the two cores the worker decodes on (bench/streamCost.mjs measures both ways).
	await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Run stats"]').length >= n, turn, {
		polling: 100,
		timeout: 300_000
	});
	const stats = page.getByRole('article', { name: `Turn ${turn}` }).getByLabel('Run stats');
	return JSON.parse((await stats.getAttribute('data-stats')) ?? 'null');
}

/** Chromium's measure of the page and its workers (WASM heaps included); null when it is unavailable. */
async function pageAndWorkerBytes(page) {
	return page.evaluate(async () => {
		if (!('measureUserAgentSpecificMemory' in performance) || !crossOriginIsolated) return null;
		const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 60_000));
		const result = await Promise.race([performance.measureUserAgentSpecificMemory(), timeout]);
		return result ? result.bytes : null;
	});
}
