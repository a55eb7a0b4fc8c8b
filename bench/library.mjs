// The library part of `npm run bench -- --only library` (or `node bench/library.mjs [--skip-build] [--n 50]`): in the
// built app, headless Chromium, WASM:
// - retrieval latency per question as the chat waits for it: med-embed embeds the question on WASM (1 thread, the
//   library's embedding worker) and the library worker runs BM25 + vector search + RRF over the 17,800 passages.
//   MedQuAD dev questions through the real chat (library on, 1 new token); the first question (library and model
//   loading) is reported apart; p50/p95 over the rest.
// - adding a 20-page PDF (made here, ~2,500 characters a page) to your documents: pdf.js text, passages, med-embed,
//   IndexedDB, index; the page's own timing from file chosen to "Added".
// Writes bench/results/latest-library.json and .md. Not a test: it reports.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { runnerImport } from 'vite';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { blockOffOrigin, CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { CHROMIUM, ensureChromium, ensureModels, mustRun } from '../scripts/lib/setup.mjs';

/** Issue 14's targets. */
export const RETRIEVAL_P95_TARGET_MS = 50;
export const PDF_20_PAGES_TARGET_S = 10;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

function pdfPages(count) {
	const sentence = (p, i) =>
		`Page ${p} line ${i}: hypertension is treated with lifestyle changes and medicines such as diuretics, and blood pressure is checked often.`;
	return Array.from({ length: count }, (_, p) => Array.from({ length: 20 }, (_, i) => sentence(p + 1, i + 1)));
}

export async function runBrowserLibrary(browser, base, { questions }) {
	const page = await browser.newPage();
	const offOrigin = await blockOffOrigin(page, base);
	await page.goto(`${base}/?device=wasm&threads=1&maxNewTokens=1&temperature=0&library=on`);
	await page.getByRole('button', { name: 'Load model' }).click();
	await page.getByRole('status', { name: 'Model status' }).filter({ hasText: 'ready' }).waitFor({ timeout: 300_000 });
	const retrieval = [];
	for (const [i, question] of questions.entries()) {
		await page.getByLabel('Prompt', { exact: true }).fill(question);
		await page.getByRole('button', { name: 'Send' }).click();
		const section = page.getByRole('article', { name: `Turn ${i + 1}` }).getByRole('region', { name: 'Library passages' });
		await section.waitFor({ timeout: 300_000 });
		retrieval.push({
			retrievalMs: Number(await section.getAttribute('data-retrieval-ms')),
			searchMs: Number(await section.getAttribute('data-search-ms'))
		});
		await page
			.getByRole('article', { name: `Turn ${i + 1}` })
			.getByLabel('Run stats')
			.waitFor({ timeout: 300_000 });
		// The answer's check embeds its sentences with the same med-embed worker; a person reads the answer before
		// asking again, so the next question is timed once the check is over, not queued behind it.
		await page
			.locator(`article[aria-label="Turn ${i + 1}"] section[aria-label="Library passages"]:is([data-status="done"], [data-status="error"])`)
			.waitFor({ timeout: 300_000 });
		if (i % 10 === 0) console.log(`  question ${i + 1}/${questions.length}: ${retrieval.at(-1).retrievalMs.toFixed(1)} ms`);
	}
	const { makePdf } = (await runnerImport(join(REPO_ROOT, 'e2e/pdfFixture.ts'))).module;
	const pdf = makePdf(pdfPages(20));
	await page.getByText(/^Your documents \(\d+\)$/).click();
	await page.getByLabel('Open .txt, .md or .pdf').setInputFiles({ name: 'bench-20-pages.pdf', mimeType: 'application/pdf', buffer: pdf });
	const status = page.getByLabel('Documents status').filter({ hasText: 'Added "bench-20-pages.pdf"' });
	await status.waitFor({ timeout: 300_000 });
	const text = (await status.textContent()) ?? '';
	const seconds = Number(/in ([\d.]+) s/.exec(text)?.[1]);
	const passages = Number(/: (\d+) passages?/.exec(text)?.[1]);
	await page.getByRole('button', { name: 'Delete bench-20-pages.pdf' }).click();
	await page.close();
	const warm = retrieval
		.slice(1)
		.map((r) => r.retrievalMs)
		.sort((a, b) => a - b);
	const search = retrieval
		.slice(1)
		.map((r) => r.searchMs)
		.sort((a, b) => a - b);
	return {
		questions: questions.length,
		firstRetrievalMs: retrieval[0]?.retrievalMs,
		retrievalP50Ms: quantile(warm, 0.5),
		retrievalP95Ms: quantile(warm, 0.95),
		searchP50Ms: quantile(search, 0.5),
		searchP95Ms: quantile(search, 0.95),
		pdf: { pages: 20, bytes: pdf.length, passages, seconds },
		offOriginRequests: offOrigin
	};
}

export function libraryMarkdown(r) {
	const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
	const met = (ok) => (ok ? 'met' : 'not met');
	return `
## Library (chat "Answer from the library", WASM)

| measure | value | target |
|---|---|---|
| retrieval p50 / p95 (embed question on WASM + search), ${r.questions - 1} questions | ${f(r.retrievalP50Ms)} / ${f(r.retrievalP95Ms)} ms | p95 ≤ ${RETRIEVAL_P95_TARGET_MS} ms: **${met(r.retrievalP95Ms <= RETRIEVAL_P95_TARGET_MS)}** |
| of which the library worker's search, p50 / p95 | ${f(r.searchP50Ms)} / ${f(r.searchP95Ms)} ms | |
| first question (loads the library and med-embed) | ${f(r.firstRetrievalMs, 0)} ms | |
| add a 20-page PDF (${(r.pdf.bytes / 1024).toFixed(0)} KB, ${r.pdf.passages} passages) | ${f(r.pdf.seconds)} s | ≤ ${PDF_20_PAGES_TARGET_S} s: **${met(r.pdf.seconds <= PDF_20_PAGES_TARGET_S)}** |
`;
}

/** The whole library bench: build (unless skipBuild), serve, measure, write the reports. */
export async function runLibraryBench({ skipBuild = false, dist = 'dist-bench-library', port = '4181', n = '50' } = {}) {
	const values = { 'skip-build': skipBuild, dist, port, n };
	ensureChromium();
	ensureModels();
	mustRun('node', ['scripts/data.mjs', '--quiet']);
	if (!values['skip-build']) mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', values.dist]);
	const questions = readFileSync(join(REPO_ROOT, 'public/data/medquad/dev.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean)
		.slice(0, Number(values.n))
		.map((l) => JSON.parse(l).question);
	const base = `http://127.0.0.1:${values.port}`;
	const loadAtStart = loadavg()[0];
	const preview = await startPreview({ port: Number(values.port), dist: values.dist });
	try {
		const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
		const result = await runBrowserLibrary(browser, base, { questions });
		const report = {
			date: new Date().toISOString(),
			chromium: browser.version(),
			cpu: cpus()[0]?.model,
			cores: cpus().length,
			loadAverage: { start: loadAtStart, end: loadavg()[0] },
			library: result
		};
		await browser.close();
		const dir = join(REPO_ROOT, 'bench', 'results');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'latest-library.json'), `${JSON.stringify(report, null, 2)}\n`);
		const md = `# Bedside library benchmark\n\n${report.date}, Chromium ${report.chromium}, ${report.cpu} (${report.cores} cores), load average ${loadAtStart.toFixed(1)} at start and ${report.loadAverage.end.toFixed(1)} at end.\n${libraryMarkdown(result)}`;
		writeFileSync(join(dir, 'latest-library.md'), md);
		console.log(md);
	} finally {
		await preview.stop();
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { values } = parseArgs({
		options: {
			'skip-build': { type: 'boolean', default: false },
			dist: { type: 'string' },
			port: { type: 'string' },
			n: { type: 'string' }
		}
	});
	await runLibraryBench({ skipBuild: values['skip-build'], dist: values.dist, port: values.port, n: values.n });
}
