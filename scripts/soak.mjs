#!/usr/bin/env node
// `npm run soak [-- --runs 300 --warmup 100 --skip-build]`: a memory soak of the built app in headless Chromium.
// It serves `vite preview` on its own port and folder (4191, dist-soak), loads bedside/med-lm on WASM in the chat
// and sends N short greedy generations (maxNewTokens 16, the chat cleared after each), then runs the compare
// view's NER (bedside/ner-bc5cdr, with the embeddings model alongside, "Run the LLM" off) N times over the prompt
// library's notes. Every `--every` runs it forces a garbage collection and samples the page's JS heap
// (performance.memory.usedJSHeapSize) and, on the cross-origin isolated page, the page-and-workers figure
// (performance.measureUserAgentSpecificMemory(), which includes the models' WASM memory). Growth is measured
// after warm-up between two settled samples (after --settle-ms idle and a GC: at the end of warm-up and after the
// last run), with heap snapshots at both that split the page heap into JS objects, compiled code and Blink objects;
// the running trend (median of the last 3 periodic samples vs the first 3 after warm-up) is reported too. Each run is
// driven from inside the page by default (--driver in-page): Playwright locators per step add their own code to the
// page heap being measured (see the driver option).
// Writes bench/results/soak-<stamp>.{json,md} and soak-latest.{json,md} (Markdown: lib/soakReport.mjs). Not part of
// `npm test`. About 390 lines on purpose: both phases, both drivers and the settle / sample / snapshot sequence share
// one page and its state, and read in order here.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { runnerImport } from 'vite';
import { defaultModelIds, REPO_ROOT } from './lib/catalogue.mjs';
import { blockOffOrigin, CHROMIUM_ARGS, startPreview } from './lib/browser.mjs';
import { CHROMIUM, ensureChromium, ensureModels, mustRun } from './lib/setup.mjs';
import { heapDiff, takeHeapSnapshot } from './lib/heapSnapshot.mjs';
import { mb, soakMarkdown } from './lib/soakReport.mjs';

const { values } = parseArgs({
	options: {
		// Runs per phase, warm-up included: 200 measured after a warm-up of 100. The warm-up covers V8's tier-up of
		// the page code that runs a few times per run (compiled code grew from 1.8 to 2.0 MiB over runs 50-200 of the
		// compare phase, 0.1 MiB over the next 300; with the JIT tiers off the heap stayed flat): docs/soak.md.
		runs: { type: 'string', default: '300' },
		warmup: { type: 'string', default: '100' },
		every: { type: 'string', default: '10' },
		tokens: { type: 'string', default: '16' },
		port: { type: 'string', default: '4191' },
		dist: { type: 'string', default: 'dist-soak' },
		'skip-build': { type: 'boolean', default: false },
		only: { type: 'string', default: 'all' },
		// in-page: each run is one evaluate that presses the app's own buttons (plain DOM) and waits in the page.
		// locators: each run through Playwright locators, as before. The driver's injected code runs in the page's V8
		// heap and grows it: on the same build, the locator driver measured +30.2 % (LLM) and +10.2 % (NER)
		// (bench/results/soak-2026-12-01T22-32-09-041Z.md), a 200-run in-page chat loop +5.4 %. The default
		// measures the app rather than the driver; --driver locators keeps the old way for comparison.
		driver: { type: 'string', default: 'in-page' },
		// Longer than the compare view's memory-reading timeout (MEMORY_TIMEOUT_MS, 30 s), which holds each
		// run's results until it fires: settled samples are taken after this much idle time.
		'settle-ms': { type: 'string', default: '35000' },
		// Extra Chromium flags, for investigations (e.g. --browser-arg=--disable-features=SoftNavigationHeuristics).
		'browser-arg': { type: 'string', multiple: true, default: [] },
		// Also write each settled heap snapshot to this folder (<phase>-<run>.heapsnapshot), for
		// `node scripts/heapDiff.mjs A B` (what survived between them and what retains it) or Chromium's DevTools.
		'snapshot-dir': { type: 'string' },
		// Also split the heap of every Nth periodic sample (a heap snapshot, no idle wait) into JS objects, compiled
		// code and Blink natives: shows whether what grows is the app's objects or the JIT's code. 0: only at the two
		// settled samples.
		'snapshot-every': { type: 'string', default: '50' }
	}
});
const SETTLE_MS = Number(values['settle-ms']);
const RUNS = Number(values.runs);
const WARMUP = Math.min(Number(values.warmup), Math.max(0, RUNS - 1));
const EVERY = Math.max(1, Math.min(Number(values.every), Math.max(1, Math.floor(RUNS / 4))));
const TOKENS = Number(values.tokens);
const SNAPSHOT_EVERY = Number(values['snapshot-every']);
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const TARGET_GROWTH_PERCENT = 10;
const { ner: NER, embed: EMBED } = await defaultModelIds();
// Same flags as the e2e suite, plus what the memory figures need.
const ARGS = [
	...CHROMIUM_ARGS,
	'--enable-precise-memory-info',
	'--js-flags=--expose-gc',
	// Answer measureUserAgentSpecificMemory() at once instead of at the next natural GC (10 to 20 s).
	'--enable-blink-features=ForceEagerMeasureMemory',
	...values['browser-arg']
];

if (!Number.isInteger(RUNS) || RUNS < 2) {
	console.error('--runs must be an integer of at least 2.');
	process.exit(2);
}
ensureChromium();
ensureModels();
if (!values['skip-build']) mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', values.dist]);

/** One memory sample after a forced GC: page JS heap and, where available, page and workers. */
async function sample(page, phase, run) {
	return page.evaluate(
		async ({ phase, run }) => {
			const gc = globalThis.gc;
			if (typeof gc === 'function') {
				gc();
				gc();
			}
			const heap = performance.memory?.usedJSHeapSize ?? null;
			let total = null;
			if (globalThis.crossOriginIsolated && typeof performance.measureUserAgentSpecificMemory === 'function') {
				const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 20_000));
				const result = await Promise.race([performance.measureUserAgentSpecificMemory(), timeout]).catch(() => null);
				total = result?.bytes ?? null;
			}
			return { phase, run, t: Date.now(), usedJSHeapSize: heap, uaSpecificBytes: total };
		},
		{ phase, run }
	);
}

function median(xs) {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Growth after warm-up for one metric: median of the last 3 samples vs median of the first 3 after warm-up. */
function growth(samples, key) {
	const xs = samples.filter((s) => !s.settled && s.run >= WARMUP && typeof s[key] === 'number').map((s) => s[key]);
	if (xs.length < 2) return null;
	const k = Math.min(3, Math.floor(xs.length / 2));
	const first = median(xs.slice(0, k));
	const last = median(xs.slice(-k));
	return { baselineBytes: first, finalBytes: last, percent: Number((((last - first) / first) * 100).toFixed(2)), samples: xs.length };
}

/** Growth between the settled sample at the end of warm-up and the settled one after the last run. */
function settledGrowth(samples, key) {
	const [first, last] = samples.filter((s) => s.settled);
	if (!first || !last || typeof first[key] !== 'number' || typeof last[key] !== 'number') return null;
	return {
		baselineBytes: first[key],
		finalBytes: last[key],
		percent: Number((((last[key] - first[key]) / first[key]) * 100).toFixed(2)),
		samples: 2
	};
}

/** A heap snapshot of the page split by category (lib/heapSnapshot.mjs), also written out with --snapshot-dir. */
const heapSnapshot = (page, name) =>
	takeHeapSnapshot(page, values['snapshot-dir'] ? join(values['snapshot-dir'], `${name}.heapsnapshot`) : null);

/** Idle for SETTLE_MS, then a memory sample and a heap snapshot. */
async function settle(page, samples, phase, run) {
	await page.waitForTimeout(SETTLE_MS);
	samples.push({ ...(await sample(page, phase, run)), settled: true });
	console.log(`${phase} ${run}/${RUNS} settled: heap ${mb(samples.at(-1).usedJSHeapSize)} all ${mb(samples.at(-1).uaSpecificBytes)}`);
	return heapSnapshot(page, `${phase}-${run}-settled`);
}

const IN_PAGE = values.driver !== 'locators';

/**
 * In-page helpers, installed once per page: find a button by its text, and wait for a condition by polling (50 ms).
 * Plain DOM: the same elements a person presses, without Playwright's injected locator code running per step.
 */
async function installPageHelpers(page) {
	await page.evaluate(() => {
		globalThis.__soak = {
			button: (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name),
			until: (ok, ms) =>
				new Promise((resolve, reject) => {
					const t0 = Date.now();
					const timer = setInterval(() => {
						if (ok()) resolve(clearInterval(timer));
						else if (Date.now() - t0 > ms) reject(new Error(`soak: timed out after ${ms} ms`), clearInterval(timer));
					}, 50);
				})
		};
	});
	// The compare check, defined once (the page's CSP forbids compiling it there, and once keeps the code constant).
	await page.evaluate(`globalThis.__soak.isNoteDone = ${isNoteDone.toString()}`);
}

/** One chat run (example prompt, Send, wait for the run stats and "ready", Clear); returns its token count. */
function llmRunInPage(page, title, turn) {
	return page.evaluate(
		async ({ title, turn }) => {
			const { button, until } = globalThis.__soak;
			button(title).click();
			await until(() => button('Send') && !button('Send').disabled, 10_000);
			button('Send').click();
			const stats = () => document.querySelector(`article[aria-label="Turn ${turn}"] [aria-label="Run stats"]`);
			const status = () => document.querySelector('[aria-label="Model status"]')?.textContent?.trim();
			await until(() => stats() && status() === 'ready', 120_000);
			const tokens = JSON.parse(stats().getAttribute('data-stats') ?? '{}')?.tokens ?? 0;
			// The chat keeps its history by design: clear it so the soak sees the engine, not the transcript.
			button('Clear').click();
			return tokens;
		},
		{ title, turn }
	);
}

async function llmRunWithLocators(page, title, turn) {
	// The example-prompt buttons set the prompt as the app does: typing with fill() would add a textarea
	// undo step per run to Blink's heap, which is the driver's doing, not the app's.
	await page.getByRole('button', { name: title, exact: true }).click();
	await page.getByRole('button', { name: 'Send' }).click();
	const stats = page.getByRole('article', { name: `Turn ${turn}`, exact: true }).getByLabel('Run stats');
	await stats.waitFor({ timeout: 120_000 });
	const tokens = JSON.parse((await stats.getAttribute('data-stats')) ?? '{}').tokens ?? 0;
	await page
		.getByRole('status', { name: 'Model status' })
		.filter({ hasText: /^ready$/ })
		.waitFor({ timeout: 60_000 });
	await page.getByRole('button', { name: 'Clear', exact: true }).click();
	return tokens;
}

/** The compare view has shown this note's entities and both models' run figures, and can run again. */
function isNoteDone({ start, ner, embed }) {
	const read = (id) => JSON.parse(document.querySelector(`[data-model-id="${id}"]`)?.getAttribute('data-stats') ?? 'null');
	const shown = document.querySelector('[data-testid="highlighted-note"]')?.cloneNode(true);
	shown?.querySelectorAll('.tag').forEach((t) => t.remove());
	const text = shown?.textContent ?? '';
	return text.trimStart().startsWith(start) && read(ner)?.runMs != null && read(embed)?.runMs != null;
}

function nerRunInPage(page, note) {
	return page.evaluate(
		async ({ id, done }) => {
			const { button, until, isNoteDone } = globalThis.__soak;
			const picker = document.querySelector('[data-testid="example-picker"]');
			picker.value = id;
			picker.dispatchEvent(new Event('change', { bubbles: true }));
			await until(() => button('Run comparison') && !button('Run comparison').disabled, 10_000);
			button('Run comparison').click();
			await until(() => isNoteDone(done), 120_000);
			await until(() => !button('Run comparison').disabled, 60_000);
		},
		{ id: note.id, done: { start: note.note.slice(0, 20), ner: NER, embed: EMBED } }
	);
}

async function nerRunWithLocators(page, note) {
	await page.getByTestId('example-picker').selectOption(note.id);
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await page.waitForFunction(isNoteDone, { start: note.note.slice(0, 20), ner: NER, embed: EMBED }, { timeout: 120_000 });
	await page.getByRole('button', { name: 'Run comparison' }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
}

async function soakLlm(page, samples, prompts) {
	// One thread: measureUserAgentSpecificMemory() waits for every worker, and ORT's pthread workers, parked in
	// Atomics.wait, never answer it (the compare view's lightweight models use one thread too).
	await page.goto(`${BASE}/?device=wasm&threads=1&maxNewTokens=${TOKENS}&temperature=0&library=off`);
	await page.getByRole('button', { name: 'Load model' }).click();
	const status = page.getByRole('status', { name: 'Model status' });
	await status.filter({ hasText: /^(ready|error)$/ }).waitFor({ timeout: 300_000 });
	if ((await status.textContent()) !== 'ready') throw new Error(`load failed: ${await page.getByRole('alert').first().textContent()}`);
	const model = JSON.parse((await page.getByLabel('Active backend').getAttribute('data-model')) ?? 'null');
	if (IN_PAGE) await installPageHelpers(page);
	const t0 = Date.now();
	let tokens = 0;
	let warm = null;
	for (let i = 0; i < RUNS; i++) {
		tokens += IN_PAGE
			? await llmRunInPage(page, prompts[i % prompts.length], i + 1)
			: await llmRunWithLocators(page, prompts[i % prompts.length], i + 1);
		const done = i + 1;
		if (done % EVERY === 0 || done === WARMUP || done === RUNS) {
			samples.push(await sample(page, 'llm', done));
			if (SNAPSHOT_EVERY > 0 && done % SNAPSHOT_EVERY === 0) samples.at(-1).heap = (await heapSnapshot(page, `llm-${done}`)).categories;
			console.log(`llm ${done}/${RUNS} heap ${mb(samples.at(-1).usedJSHeapSize)} all ${mb(samples.at(-1).uaSpecificBytes)}`);
		}
		if (done === Math.max(WARMUP, 1)) warm = await settle(page, samples, 'llm', done);
	}
	const end = await settle(page, samples, 'llm', RUNS);
	return { model, runs: RUNS, tokens, ms: Date.now() - t0 - 2 * SETTLE_MS, heapSnapshots: heapDiff(warm, end) };
}

async function soakNer(page, samples, notes) {
	await page.goto(`${BASE}/?device=wasm#view=compare`);
	await page.getByLabel('Run the LLM').uncheck();
	if (IN_PAGE) await installPageHelpers(page);
	const t0 = Date.now();
	let sentences = 0;
	let warm = null;
	for (let i = 0; i < RUNS; i++) {
		// Consecutive notes differ, so each run really runs NER (the view reuses results for an unchanged note).
		const note = notes[i % notes.length];
		await (IN_PAGE ? nerRunInPage : nerRunWithLocators)(page, note);
		sentences += note.sentences;
		const done = i + 1;
		if (done % EVERY === 0 || done === WARMUP || done === RUNS) {
			samples.push(await sample(page, 'ner', done));
			if (SNAPSHOT_EVERY > 0 && done % SNAPSHOT_EVERY === 0) samples.at(-1).heap = (await heapSnapshot(page, `ner-${done}`)).categories;
			console.log(`ner ${done}/${RUNS} heap ${mb(samples.at(-1).usedJSHeapSize)} all ${mb(samples.at(-1).uaSpecificBytes)}`);
		}
		if (done === Math.max(WARMUP, 1)) warm = await settle(page, samples, 'ner', done);
	}
	const end = await settle(page, samples, 'ner', RUNS);
	return { runs: RUNS, sentences, ms: Date.now() - t0 - 2 * SETTLE_MS, heapSnapshots: heapDiff(warm, end) };
}

async function main() {
	const { CLINICAL_EXAMPLES } = (await runnerImport(join(REPO_ROOT, 'src/lib/clinical/library.ts'))).module;
	const { splitSentences } = (await runnerImport(join(REPO_ROOT, 'src/lib/clinical/sentences.ts'))).module;
	const notes = CLINICAL_EXAMPLES.map((e) => ({ id: e.id, note: e.note, sentences: splitSentences(e.note).length }));
	const { EXAMPLE_PROMPTS } = (await runnerImport(join(REPO_ROOT, 'src/lib/clinical/examplePrompts.ts'))).module;
	const prompts = EXAMPLE_PROMPTS.map((p) => p.title);
	const loadAtStart = loadavg()[0];
	// The commit the served build comes from (HEAD when the run starts; with --skip-build, the dist's own build).
	const commit = await new Promise((resolve) => {
		const git = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT });
		let out = '';
		git.stdout.on('data', (d) => (out += d));
		git.on('close', () => resolve(out.trim() || 'unknown'));
	});
	const preview = await startPreview({ port: PORT, dist: values.dist });
	try {
		const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
		const context = await browser.newContext();
		const offOrigin = await blockOffOrigin(context, BASE);
		const samples = [];
		const phases = [];
		const t0 = Date.now();
		if (values.only !== 'ner') {
			const page = await context.newPage();
			const llm = await soakLlm(page, samples, prompts);
			const own = samples.filter((s) => s.phase === 'llm');
			phases.push({
				name: `LLM generation (bedside/med-lm, WASM 1 thread, ${TOKENS} new tokens, greedy)`,
				...llm,
				growth: { usedJSHeapSize: settledGrowth(own, 'usedJSHeapSize'), uaSpecificBytes: settledGrowth(own, 'uaSpecificBytes') },
				trend: { usedJSHeapSize: growth(own, 'usedJSHeapSize'), uaSpecificBytes: growth(own, 'uaSpecificBytes') }
			});
			await page.close();
		}
		if (values.only !== 'llm') {
			const page = await context.newPage();
			const ner = await soakNer(page, samples, notes);
			const own = samples.filter((s) => s.phase === 'ner');
			phases.push({
				name: `NER (${NER} + ${EMBED}, compare view, WASM)`,
				...ner,
				growth: { usedJSHeapSize: settledGrowth(own, 'usedJSHeapSize'), uaSpecificBytes: settledGrowth(own, 'uaSpecificBytes') },
				trend: { usedJSHeapSize: growth(own, 'usedJSHeapSize'), uaSpecificBytes: growth(own, 'uaSpecificBytes') }
			});
			await page.close();
		}
		const version = browser.version();
		await browser.close();
		const args = process.argv.slice(2);
		const report = {
			date: new Date().toISOString(),
			command: `npm run soak${args.length ? ` -- ${args.join(' ')}` : ''}`,
			commit,
			driver: IN_PAGE ? 'in-page' : 'locators',
			runs: RUNS,
			warmup: WARMUP,
			sampleEvery: EVERY,
			settleMs: SETTLE_MS,
			targetGrowthPercent: TARGET_GROWTH_PERCENT,
			totalMs: Date.now() - t0,
			machine: {
				cpus: cpus().length,
				cpu: cpus()[0]?.model ?? 'unknown',
				memoryBytes: totalmem(),
				node: process.version,
				chromium: version,
				chromiumArgs: ARGS,
				loadAverage1m: { start: loadAtStart, end: loadavg()[0] }
			},
			phases,
			samples,
			offOriginRequests: offOrigin
		};
		const stamp = report.date.replace(/[:.]/g, '-');
		const dir = join(REPO_ROOT, 'bench', 'results');
		mkdirSync(dir, { recursive: true });
		const md = soakMarkdown(report, { targetPercent: TARGET_GROWTH_PERCENT, prebuilt: values['skip-build'] });
		const json = `${JSON.stringify(report, null, 2)}\n`;
		writeFileSync(join(dir, `soak-${stamp}.json`), json);
		writeFileSync(join(dir, `soak-${stamp}.md`), md);
		writeFileSync(join(dir, 'soak-latest.json'), json);
		writeFileSync(join(dir, 'soak-latest.md'), md);
		console.log(`\n${md}\nWrote bench/results/soak-${stamp}.json and .md (and soak-latest.*)`);
		if (offOrigin.length > 0) {
			console.error(`Requests off the page origin: ${offOrigin.join(', ')}`);
			process.exitCode = 1;
		}
	} finally {
		preview.stop();
	}
}

await main();
