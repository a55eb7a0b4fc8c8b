#!/usr/bin/env node
// `npm run eval -- --set pubmedqa --model bedside/med-lm --n 200 --seed 1 --out DIR`
// Builds the app, serves it with `vite preview` (COOP/COEP, as the e2e tests), opens the Evaluate view in Debian's
// Chromium and runs the evaluation through the page itself (window.__bedsideEval: the same code the Run button
// uses). Writes into DIR: results.json (what Export JSON gives), results.csv, results.md, predictions.json
// (item id -> option letter / yes|no|maybe / BIO tags / answer text) and predictions/<set>__<model>.json per run.
//
//   --set ID[,ID]     sets from public/data/index.json (repeatable)     --file PATH  any JSONL in the schema
//   --model ID[,ID]   catalogue ids (default: every bundled model with files) --all  every set x those models
//   --n N (default 200; 0 = all)  --seed S (default 1)  --out DIR (default eval-results/<time>)
//   medquad_library, medquad_library_recall: the chat library's sets, run natively by scripts/libraryEval.mjs
//   compare_examples: Compare's check of LLM answers against its example notes, natively by scripts/compareEval.mjs
//   --readme          write the Markdown table into README.md (between the eval markers); --all implies it
//   --readme-section NAME  write it between <!-- eval-NAME:start/end --> instead (e.g. same-data)
//   --no-build        reuse the last build in --dist (default dist-eval)    --port P (default 4179)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { readCatalogue, REPO_ROOT } from './lib/catalogue.mjs';
import { blockOffOrigin, CHROMIUM_ARGS, startPreview } from './lib/browser.mjs';
import { CHROMIUM, ensureChromium, ensureModels, mustRun } from './lib/setup.mjs';

const { values } = parseArgs({
	options: {
		set: { type: 'string', multiple: true, default: [] },
		model: { type: 'string', multiple: true, default: [] },
		file: { type: 'string', multiple: true, default: [] },
		all: { type: 'boolean', default: false },
		n: { type: 'string', default: '200' },
		seed: { type: 'string', default: '1' },
		out: { type: 'string' },
		readme: { type: 'boolean', default: false },
		'readme-section': { type: 'string' },
		'no-build': { type: 'boolean', default: false },
		dist: { type: 'string', default: 'dist-eval' },
		port: { type: 'string', default: '4179' }
	}
});

// Default models: every bundled catalogue model that has its files (trained); pairs without a runner are skipped.
const BUNDLED_ENTRIES = (await readCatalogue()).models.filter((entry) => entry.bundled && entry.files.length > 0);
const BUNDLED = BUNDLED_ENTRIES.map((entry) => entry.id);
const split = (list) =>
	list
		.flatMap((value) => value.split(','))
		.map((value) => value.trim())
		.filter(Boolean);
const n = Number(values.n);
const seed = Number(values.seed);
const models = split(values.model).length > 0 ? split(values.model) : BUNDLED;
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}`;
const out = resolve(values.out ?? join('eval-results', new Date().toISOString().replace(/[:.]/g, '-')));
if (!values.all && split(values.set).length === 0 && values.file.length === 0) {
	console.error('npm run eval: give --set ID, --file PATH or --all (see scripts/eval.mjs for the options)');
	process.exit(2);
}
if (!Number.isInteger(n) || n < 0 || !Number.isInteger(seed)) {
	console.error('npm run eval: --n and --seed must be whole numbers');
	process.exit(2);
}

// compare_examples (Compare's grounding over its example library) runs in scripts/compareEval.mjs, natively, for each
// LLM given (default: every bundled LLM).
if (split(values.set).includes('compare_examples')) {
	ensureModels();
	const llms =
		split(values.model).length > 0 ? split(values.model) : BUNDLED_ENTRIES.filter((entry) => entry.role === 'llm').map((entry) => entry.id);
	const onlyCompare = split(values.set).length === 1 && values.file.length === 0 && !values.all;
	mustRun('node', [
		'scripts/compareEval.mjs',
		'--model',
		llms.join(','),
		'--seed',
		String(seed),
		'--out',
		onlyCompare ? out : join(out, 'compare')
	]);
	values.set = split(values.set).filter((set) => set !== 'compare_examples');
	if (values.set.length === 0 && values.file.length === 0 && !values.all) process.exit(0);
}

// The library's sets (medquad_library, medquad_library_recall) run in scripts/libraryEval.mjs, natively.
const LIBRARY_SETS = ['medquad_library', 'medquad_library_recall'];
const librarySets = split(values.set).filter((set) => LIBRARY_SETS.includes(set));
if (librarySets.length > 0) {
	ensureModels();
	mustRun('node', ['scripts/data.mjs', '--quiet']);
	const libraryOut = split(values.set).length === librarySets.length ? out : join(out, 'library');
	// The LM for the closed-book and library rows: the first --model given (default: the catalogue's default LLM).
	const lm = split(values.model)[0] ?? (await readCatalogue()).defaults.llm;
	mustRun('node', [
		'scripts/libraryEval.mjs',
		'--set',
		librarySets.join(','),
		'--model',
		lm,
		'--n',
		String(n),
		'--seed',
		String(seed),
		'--out',
		libraryOut
	]);
	values.set = split(values.set).filter((set) => !LIBRARY_SETS.includes(set));
	if (values.set.length === 0 && values.file.length === 0 && !values.all) process.exit(0);
}

const started = Date.now();
ensureChromium();
ensureModels();
mustRun('node', ['scripts/data.mjs', '--quiet']);
if (!values['no-build']) mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', values.dist]);

const preview = await startPreview({ port: PORT, dist: values.dist });
let exitCode = 0;
try {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS
	});
	const page = await browser.newPage();
	const offOrigin = await blockOffOrigin(page, BASE);
	page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
	await page.goto(`${BASE}/#view=eval`);
	await page.waitForFunction(() => 'bedsideEval' in window || '__bedsideEval' in window, null, { timeout: 60_000 });

	const available = await page.evaluate(() => window.__bedsideEval.sets());
	// The page also offers medquad_library (the Evaluate view runs it through the library worker); here it stays with
	// the native script above, so --all keeps its rows and time.
	let sets = values.all ? available.map((set) => set.id).filter((id) => !LIBRARY_SETS.includes(id)) : split(values.set);
	const unknown = sets.filter((id) => !available.some((set) => set.id === id));
	if (unknown.length > 0) throw new Error(`unknown set(s) ${unknown.join(', ')}; installed: ${available.map((set) => set.id).join(', ')}`);
	for (const path of values.file) {
		const added = await page.evaluate(
			([name, text]) => window.__bedsideEval.addFile(name, text),
			[basename(path), readFileSync(path, 'utf8')]
		);
		for (const error of added.errors) console.warn(`${path}: ${error.message}`);
		if (!added.id) throw new Error(`${path}: no valid item`);
		sets = [...sets, added.id];
	}
	console.log(`Evaluating ${sets.join(', ')} x ${models.join(', ')} (n=${n || 'all'}, seed=${seed}) in Chromium…`);
	const timer = setInterval(async () => {
		try {
			const status = await page.evaluate(() => window.__bedsideEval.status());
			const running = status.jobs.find((job) => job.state === 'running');
			const done = status.jobs.filter((job) => job.state !== 'pending' && job.state !== 'running').length;
			console.log(
				`  ${done}/${status.jobs.length} jobs${running ? `, ${running.key} ${running.done}/${running.total}` : ''} (${Math.round((Date.now() - started) / 1000)} s)`
			);
		} catch {
			/* page busy */
		}
	}, 15_000);
	const result = await page
		.evaluate((config) => window.__bedsideEval.run(config), { sets, models, n, seed })
		.finally(() => clearInterval(timer));
	await browser.close();

	mkdirSync(join(out, 'predictions'), { recursive: true });
	writeFileSync(join(out, 'results.json'), result.json);
	writeFileSync(join(out, 'results.csv'), result.csv);
	writeFileSync(join(out, 'results.md'), result.markdown);
	for (const run of result.predictions) {
		writeFileSync(
			join(out, 'predictions', `${run.set.replace(/[^\w.-]/g, '_')}__${run.model.replace(/[^\w.-]/g, '_')}.json`),
			`${JSON.stringify(run.predictions, null, 2)}\n`
		);
	}
	// predictions.json: item id -> prediction; with several model runs, the first run's answer per item id
	// (ids are unique across sets); every run has its own file in predictions/.
	const merged = {};
	for (const run of result.predictions)
		for (const [id, prediction] of Object.entries(run.predictions)) if (!(id in merged)) merged[id] = prediction;
	writeFileSync(
		join(out, 'predictions.json'),
		`${JSON.stringify(result.predictions.length === 1 ? result.predictions[0].predictions : merged, null, 2)}\n`
	);
	const seconds = (Date.now() - started) / 1000;
	writeFileSync(
		join(out, 'meta.json'),
		`${JSON.stringify({ sets, models, n, seed, seconds, chromium: browser.version(), problems: result.problems, offOrigin }, null, 2)}\n`
	);
	console.log(`\n${result.markdown}`);
	for (const problem of result.problems) console.log(`note: ${problem}`);
	console.log(`Wrote ${out} in ${seconds.toFixed(0)} s total (build, serve, load models, evaluate).`);
	if (offOrigin.length > 0) {
		console.error(`off-origin requests: ${offOrigin.join(', ')}`);
		exitCode = 1;
	}
	const section = values['readme-section'];
	if (values.all || values.readme || section) {
		const readme = join(REPO_ROOT, 'README.md');
		const text = readFileSync(readme, 'utf8');
		const marker = section ? `eval-${section.replace(/[^\w-]/g, '')}` : 'eval';
		const start = `<!-- ${marker}:start -->`;
		const end = `<!-- ${marker}:end -->`;
		const body = `${start}\n${result.markdown}\nProduced by \`npm run eval -- ${process.argv.slice(2).join(' ')}\` in ${Math.round(seconds)} s on this machine (n=${n || 'all'} items per set, seed ${seed}; baselines on the same items).\n${end}`;
		if (text.includes(start) && text.includes(end)) {
			writeFileSync(
				readme,
				text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => body)
			);
			console.log('README.md results table updated.');
		} else {
			console.log('README.md has no eval markers; table not written there.');
		}
	}
} catch (err) {
	console.error(`npm run eval: ${err instanceof Error ? err.message : String(err)}`);
	exitCode = 1;
} finally {
	preview.stop();
}
process.exit(exitCode);
