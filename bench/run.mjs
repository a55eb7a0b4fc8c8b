#!/usr/bin/env node
// `npm run bench [-- --tokens 64 --model bedside/med-lm --rounds 3 --only llm|light|library]`: the built app in headless
// Chromium on WASM (1 and 2 threads) against the same model and decode loop natively (onnxruntime-node), and, for
// the LLM, the same file in ONNX Runtime Web's WASM under Node (bench/wasmNode.mjs: the ceiling of the runtime the
// browser uses), in one run: native, WASM-in-Node, browser, native, ... so that every WASM-in-Node and browser run
// is bracketed by native runs. Writes
// bench/results/<stamp>.json and .md, latest*.md, and the README's bench sections (regenerated from the JSON).
// Not a test: it reports, it does not judge.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { defaultModelIds, REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { ensureChromium, ensureModels, mustRun, CHROMIUM } from '../scripts/lib/setup.mjs';
import { runBrowser } from './browser.mjs';
import { runNative } from './native.mjs';
import { runWasmNode, runWasmNodeLight, wasmBinaries } from './wasmNode.mjs';
import { breakdown } from './breakdown.mjs';
import { header, lightRatios, llmRatios, llmSection, PROMPTS, toMarkdown } from './report.mjs';
import { LIGHT_THREADS, lightMarkdown, lightWorkload, runBrowserLight, runNativeLight } from './light.mjs';

const { values } = parseArgs({
	options: {
		tokens: { type: 'string', default: '64' },
		model: { type: 'string', default: (await defaultModelIds()).llm },
		rounds: { type: 'string', default: '3' },
		port: { type: 'string', default: '4180' },
		'skip-build': { type: 'boolean', default: false },
		'no-readme': { type: 'boolean', default: false },
		// `--report bench/results/<stamp>.json`: rewrite that run's .md and the README from its JSON (no measuring).
		report: { type: 'string' },
		only: { type: 'string', default: 'all' },
		dist: { type: 'string', default: 'dist' }
	}
});
// `--only library`: the library's retrieval latency and PDF add time (bench/library.mjs), on its own.
if (values.only === 'library') {
	const { runLibraryBench } = await import('./library.mjs');
	await runLibraryBench({ skipBuild: values['skip-build'], dist: values.dist === 'dist' ? undefined : values.dist });
	process.exit(0);
}
const RUN_LLM = values.only !== 'light';
const RUN_LIGHT = values.only !== 'llm';
const TOKENS = Number(values.tokens);
const ROUNDS = Math.max(1, Number(values.rounds));
const MODEL = values.model;
const BASE = `http://127.0.0.1:${values.port}`;
const THREADS = [1, 2];

if (values.report) {
	const report = JSON.parse(readFileSync(values.report, 'utf8'));
	report.ratios.llm = llmRatios(report.results);
	report.breakdown = breakdown(report.results);
	const stamp = values.report.replace(/^.*\//, '').replace(/\.json$/, '');
	writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
	writeFileSync(values.report.replace(/\.json$/, '.md'), toMarkdown(report) + lightMarkdown(report.light));
	if (!values['no-readme']) updateReadme(report, stamp);
	process.exit(0);
}

ensureChromium();
ensureModels();
if (!values['skip-build']) mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', values.dist]);

const entry = JSON.parse(readFileSync(join(REPO_ROOT, 'src/lib/models/catalogue.json'), 'utf8')).models.find((m) => m.id === MODEL);
const weightBytes = entry?.files.filter((f) => f.path.endsWith('.onnx')).reduce((s, f) => s + (f.bytes ?? 0), 0);
const loadAtStart = loadavg()[0];
const preview = await startPreview({ port: Number(values.port), dist: values.dist });
const results = [];
const light = [];
try {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const workload = RUN_LIGHT ? await lightWorkload() : [];
	for (let round = 0; round <= ROUNDS; round++) {
		for (const threads of RUN_LLM ? THREADS : []) {
			console.log(`round ${round}: native onnxruntime-node, ${threads} thread(s)…`);
			push(results, await runNative({ modelId: MODEL, threads, tokens: TOKENS, prompts: PROMPTS, round }));
		}
		if (RUN_LIGHT) {
			console.log(`round ${round}: native lightweight models…`);
			push(light, await runNativeLight(workload, undefined, round));
		}
		if (round === ROUNDS) break; // the last native runs close the bracket
		for (const threads of RUN_LLM ? THREADS : []) {
			console.log(`round ${round}: ONNX Runtime Web WASM in Node, ${threads} thread(s)…`);
			push(results, await runWasmNode({ modelId: MODEL, threads, tokens: TOKENS, prompts: PROMPTS, round, weightBytes }));
		}
		for (const threads of RUN_LLM ? THREADS : []) {
			console.log(`round ${round}: browser WASM, ${threads} thread(s)…`);
			push(
				results,
				await runBrowser({
					browser,
					base: BASE,
					modelId: MODEL,
					threads,
					tokens: TOKENS,
					prompts: PROMPTS,
					round,
					measureMemory: round === 0
				})
			);
		}
		if (RUN_LLM) {
			// Before/after for the KV cache reuse (CausalSession.resume) in the same run: the chat without it.
			console.log(`round ${round}: browser WASM, 1 thread, every prompt prefilled whole (kvReuse=0)…`);
			const args = { browser, base: BASE, modelId: MODEL, threads: 1, tokens: TOKENS, prompts: PROMPTS, round, measureMemory: false };
			push(results, await runBrowser({ ...args, side: 'browser-full-prefill', extraQuery: '&kvReuse=0' }));
		}
		if (RUN_LIGHT) {
			console.log(`round ${round}: browser lightweight models (compare view, WASM)…`);
			push(light, await runBrowserLight(browser, BASE, workload, round));
			// After the browser: its view marked the drug pairs the relation classifier reads here too.
			console.log(`round ${round}: lightweight models on ONNX Runtime Web WASM in Node…`);
			push(light, await runWasmNodeLight({ workload, threads: LIGHT_THREADS, round }));
		}
	}
	const version = browser.version();
	await browser.close();
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const report = {
		date: new Date().toISOString(),
		command: `npm run bench -- --tokens ${TOKENS} --model ${MODEL} --rounds ${ROUNDS}${values.only === 'all' ? '' : ` --only ${values.only}`}`,
		model: MODEL,
		tokens: TOKENS,
		rounds: ROUNDS,
		weightBytes,
		sessionPlan: results.find((r) => r.side === 'browser')?.memory?.plan,
		// The WASM-in-Node side runs the app's own ONNX Runtime binary: both sha256 are recorded to show it.
		wasmBinary: RUN_LLM ? wasmBinaries(values.dist) : null,
		machine: {
			cpus: cpus().length,
			cpu: cpus()[0]?.model ?? 'unknown',
			node: process.version,
			chromium: version,
			loadAverage1m: { start: loadAtStart, end: loadavg()[0] }
		},
		ratios: { llm: RUN_LLM ? llmRatios(results) : {}, light: RUN_LIGHT ? lightRatios(light) : null },
		breakdown: breakdown(results),
		results,
		light
	};
	const dir = join(REPO_ROOT, 'bench', 'results');
	mkdirSync(dir, { recursive: true });
	const md = toMarkdown(report) + lightMarkdown(light);
	writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
	writeFileSync(join(dir, `${stamp}.md`), md);
	const latest = values.only === 'all' ? 'latest' : `latest-${values.only}`;
	writeFileSync(join(dir, `${latest}.md`), md);
	writeFileSync(join(dir, `${latest}.json`), `${JSON.stringify(report, null, 2)}\n`);
	if (!values['no-readme']) updateReadme(report, stamp);
	console.log(`\n${md}\nWrote bench/results/${stamp}.json and .md`);
} finally {
	preview.stop();
}

/** Adds a run with the machine's 1-minute load average when it ended (the machine is shared: noise is read from it). */
function push(list, result) {
	list.push({ ...result, loadAverage1m: loadavg()[0] });
}

/** Replaces the README's bench sections with figures from this report (LLM and lightweight parts apart). */
function updateReadme(report, stamp) {
	const path = join(REPO_ROOT, 'README.md');
	let readme = readFileSync(path, 'utf8');
	const source = `From \`${report.command}\` ([bench/results/${stamp}.md](bench/results/${stamp}.md)); ${header(report).split(' · ').slice(2).join(' · ')}.`;
	const replace = (name, body) => {
		const re = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
		if (re.test(readme)) readme = readme.replace(re, `<!-- ${name}:start -->\n${body.trim()}\n\n${source}\n<!-- ${name}:end -->`);
	};
	if (report.results.length > 0) replace('bench', llmSection(report));
	if (report.light.length > 0) replace('bench-light', lightMarkdown(report.light).replace(/^[\s\S]*?\| side/m, '| side'));
	writeFileSync(path, readme);
}
