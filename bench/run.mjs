#!/usr/bin/env node
// `npm run bench [-- --tokens 64 --model bedside/med-lm]`: drives the built app in headless Chromium on
// WASM with 1 and 2 threads, runs the same model natively with Transformers.js on onnxruntime-node in
// the same run, and writes bench/results/<stamp>.json and .md (plus latest.md) with load time, time to
// first token and decode tokens/s, and the browser/native ratios. Not a test: it reports, it does not judge.
// It also times the compare view's lightweight models (NER, embeddings: load and per-sentence latency, browser
// WASM vs native; bench/light.mjs). `--only llm` or `--only light` runs one part.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { blockOffOrigin, CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { ensureChromium, ensureModels, mustRun, CHROMIUM } from '../scripts/lib/setup.mjs';
import { runNative } from './native.mjs';
import { PROMPTS, median, toMarkdown } from './report.mjs';
import { lightMarkdown, lightWorkload, runBrowserLight, runNativeLight } from './light.mjs';

const { values } = parseArgs({
	options: {
		tokens: { type: 'string', default: '64' },
		model: { type: 'string', default: 'bedside/med-lm' },
		port: { type: 'string', default: '4180' },
		'skip-build': { type: 'boolean', default: false },
		only: { type: 'string', default: 'all' },
		dist: { type: 'string', default: 'dist' }
	}
});
const RUN_LLM = values.only !== 'light';
const RUN_LIGHT = values.only !== 'llm';
const TOKENS = Number(values.tokens);
const MODEL = values.model;
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const THREADS = [1, 2];

ensureChromium();
ensureModels();
if (!values['skip-build']) mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', values.dist]);

async function runBrowser(browser, threads) {
	const page = await browser.newPage();
	const offOrigin = await blockOffOrigin(page, BASE);
	const query = `device=wasm&threads=${threads}&maxNewTokens=${TOKENS}&minNewTokens=${TOKENS}&temperature=0`;
	await page.goto(`${BASE}/?${query}`);
	if (MODEL !== 'bedside/med-lm') await page.getByRole('combobox', { name: 'Model' }).selectOption(MODEL);
	const t0 = Date.now();
	await page.getByRole('button', { name: 'Load model' }).click();
	const status = page.getByRole('status', { name: 'Model status' });
	await status.filter({ hasText: /^(ready|error)$/ }).waitFor({ timeout: 300_000 });
	if ((await status.textContent()) !== 'ready') throw new Error(`load failed: ${await page.getByRole('alert').first().textContent()}`);
	const wallLoadMs = Date.now() - t0;
	const model = JSON.parse((await page.getByLabel('Active backend').getAttribute('data-model')) ?? 'null');
	const runs = [];
	for (const [i, prompt] of PROMPTS.entries()) {
		await page.getByLabel('Prompt', { exact: true }).fill(prompt);
		await page.getByRole('button', { name: 'Send' }).click();
		const stats = page.getByRole('article', { name: `Turn ${i + 1}` }).getByLabel('Run stats');
		await stats.waitFor({ timeout: 300_000 });
		const s = JSON.parse((await stats.getAttribute('data-stats')) ?? 'null');
		runs.push({ prompt, tokens: s.tokens, ttftMs: s.ttftMs, tokensPerSecond: s.tokensPerSecond });
	}
	await page.close();
	return {
		side: 'browser',
		backend: `WASM ${model.threads} thread${model.threads === 1 ? '' : 's'}`,
		device: model.device,
		dtype: model.dtype,
		threads: model.threads,
		loadMs: model.loadMs,
		wallLoadMs,
		runs,
		ttftMs: median(runs.map((r) => r.ttftMs)),
		tokensPerSecond: median(runs.map((r) => r.tokensPerSecond)),
		offOriginRequests: offOrigin
	};
}

// Other work on the machine skews every figure: record the load when the bench starts.
const loadAtStart = loadavg()[0];
const preview = await startPreview({ port: PORT, dist: values.dist });
const results = [];
const light = [];
try {
	const workload = RUN_LIGHT ? await lightWorkload() : [];
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS
	});
	const version = browser.version();
	for (const threads of RUN_LLM ? THREADS : []) {
		console.log(`browser WASM, ${threads} thread(s)…`);
		results.push(await runBrowser(browser, threads));
	}
	if (RUN_LIGHT) {
		console.log('browser lightweight models (compare view, WASM)…');
		light.push(await runBrowserLight(browser, BASE, workload));
	}
	await browser.close();
	for (const threads of RUN_LLM ? THREADS : []) {
		console.log(`native onnxruntime-node, ${threads} thread(s)…`);
		results.push(await runNative({ modelId: MODEL, threads, tokens: TOKENS, prompts: PROMPTS }));
	}
	if (RUN_LIGHT) {
		console.log('native lightweight models (onnxruntime-node)…');
		light.push(await runNativeLight(workload));
	}
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const report = {
		date: new Date().toISOString(),
		command: `npm run bench -- --tokens ${TOKENS} --model ${MODEL}${values.only === 'all' ? '' : ` --only ${values.only}`}`,
		model: MODEL,
		tokens: TOKENS,
		machine: {
			cpus: cpus().length,
			cpu: cpus()[0]?.model ?? 'unknown',
			node: process.version,
			chromium: version,
			loadAverage1m: { start: loadAtStart, end: loadavg()[0] }
		},
		results,
		light
	};
	const dir = join(REPO_ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const md = toMarkdown(report) + lightMarkdown(light);
	writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
	writeFileSync(join(dir, `${stamp}.md`), md);
	// A partial run (--only) keeps the full run's latest report.
	const latest = values.only === 'all' ? 'latest' : `latest-${values.only}`;
	writeFileSync(join(dir, `${latest}.md`), md);
	writeFileSync(join(dir, `${latest}.json`), `${JSON.stringify(report, null, 2)}\n`);
	console.log(`\n${md}\nWrote bench/results/${stamp}.json and .md`);
} finally {
	preview.stop();
}
