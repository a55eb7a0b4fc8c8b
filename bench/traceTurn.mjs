// `node bench/traceTurn.mjs [prompts]` (after a build into dist/, or DIST=folder): a diagnostic, not part of
// `npm run bench`. A Chromium trace of the built app's chat (bedside/med-lm, WASM, 1 thread, 64 tokens a prompt,
// after the load's warm-up) that asks whether a prompt's prefill is slow because the inference worker computes
// slower or because it waits for a core: for every long task on the worker's thread it gives wall time (dur) and
// the thread's own CPU time (tdur), and what the other threads of the page ran meanwhile. Writes
// bench/results/trace-turn-latest.md with the load average.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';
import { openAndLoad, sendAndWait } from './browser.mjs';

const PROMPTS = ['What are the symptoms of asthma?', 'How is hypertension treated?', 'What causes anemia?', 'What is diabetes?'].slice(
	0,
	Number(process.argv[2] ?? 4)
);
const CATEGORIES = ['toplevel', 'v8', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'];
const port = Number(process.env.PORT ?? 4198);
const preview = await startPreview({ port, dist: process.env.DIST ?? 'dist' });
const loadStart = loadavg()[0];

/** Top-level task events per thread (Chromium's ThreadControllerImpl::RunTask), and the threads' names. */
function tasksByThread(events) {
	const names = new Map();
	for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
	const tasks = new Map();
	for (const e of events) {
		if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask') continue;
		const key = `${e.pid}:${e.tid}`;
		if (!tasks.has(key)) tasks.set(key, []);
		tasks.get(key).push(e);
	}
	return { names, tasks };
}

/** Milliseconds of task time per thread name (except `skip`) inside [from, to] (trace microseconds). */
function busyDuring(tasks, names, skip, from, to) {
	const busy = new Map();
	for (const [key, list] of tasks) {
		if (key === skip) continue;
		const name = names.get(key) ?? key;
		for (const o of list) {
			const ms = (Math.min(to, o.ts + o.dur) - Math.max(from, o.ts)) / 1000;
			if (ms > 0) busy.set(name, (busy.get(name) ?? 0) + ms);
		}
	}
	return busy;
}

const sum = (values) => [...values].reduce((a, b) => a + b, 0);
const top = (busy, n = 4) =>
	[...busy.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, n)
		.map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
		.join(', ');

try {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const page = await browser.newPage();
	await openAndLoad(
		page,
		`${preview.base}/?device=wasm&threads=1&maxNewTokens=64&minNewTokens=64&temperature=0&library=off`,
		'bedside/med-lm'
	);
	await browser.startTracing(page, { categories: CATEGORIES });
	const ttfts = [];
	const speeds = [];
	for (const [i, prompt] of PROMPTS.entries()) {
		const s = await sendAndWait(page, prompt, i + 1); // the bench's own driver, so the trace shows the page as the bench drives it
		ttfts.push(s.ttftMs);
		speeds.push(s.tokensPerSecond);
	}
	const trace = JSON.parse((await browser.stopTracing()).toString());
	await browser.close();
	const events = trace.traceEvents ?? trace;
	if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
	const { names, tasks } = tasksByThread(events);
	const workerKey = [...tasks.keys()]
		.filter((k) => /Worker/i.test(names.get(k) ?? ''))
		.sort((x, y) => sum(tasks.get(y).map((e) => e.dur)) - sum(tasks.get(x).map((e) => e.dur)))[0];
	const mainKey = [...names.keys()].find((k) => names.get(k) === 'CrRendererMain' && k.split(':')[0] === workerKey.split(':')[0]);
	// Each answer is one long task on the worker (the decode loop does not yield between steps).
	const answers = tasks.get(workerKey).filter((e) => e.dur > 20_000);
	const rows = answers.map((e) => {
		const busy = busyDuring(tasks, names, workerKey, e.ts, e.ts + e.dur);
		// Time to first token as the page sees it: from the answer's start on the worker to the first message the
		// page handles after it; which threads ran in that window.
		const firstMessage = events.find(
			(x) => x.ph === 'X' && x.name === 'HandlePostMessage' && `${x.pid}:${x.tid}` === mainKey && x.ts > e.ts
		);
		const ttftEnd = firstMessage ? firstMessage.ts : e.ts;
		return {
			wallMs: e.dur / 1000,
			cpuMs: (e.tdur ?? 0) / 1000,
			busy,
			ttftWindowMs: (ttftEnd - e.ts) / 1000,
			ttftBusy: busyDuring(tasks, names, workerKey, e.ts, ttftEnd)
		};
	});
	const lines = [
		'| answer | worker wall ms | worker CPU ms | CPU / wall | other threads meanwhile, ms | first token reaches the page after, ms | other threads in that window, ms |',
		'|---|---|---|---|---|---|---|',
		...rows.map(
			(r, i) =>
				`| ${i + 1} | ${r.wallMs.toFixed(1)} | ${r.cpuMs.toFixed(1)} | ${(r.cpuMs / r.wallMs).toFixed(2)} | ${sum(r.busy.values()).toFixed(0)}: ${top(r.busy)} | ${r.ttftWindowMs.toFixed(1)} | ${sum(r.ttftBusy.values()).toFixed(0)}: ${top(r.ttftBusy, 3)} |`
		)
	];
	const wall = sum(rows.map((r) => r.wallMs));
	const cpu = sum(rows.map((r) => r.cpuMs));
	const others = new Map();
	for (const r of rows) for (const [n, ms] of r.busy) others.set(n, (others.get(n) ?? 0) + ms);
	const otherMs = sum(others.values());
	const summary = { answers: rows.length, wallMs: wall, workerCpuMs: cpu, otherThreadsMs: Object.fromEntries(others), otherMs };
	const md = [
		'# A chat turn traced',
		'',
		`${new Date().toISOString()} · \`node bench/traceTurn.mjs ${PROMPTS.length}\` · bedside/med-lm, WASM, 1 thread, ${PROMPTS.length} prompts of 64 tokens after the load · TTFT per prompt (app's stats) ${ttfts.map((t) => t?.toFixed(1)).join(', ')} ms, tokens/s ${speeds.map((t) => t?.toFixed(0)).join(', ')} · load average ${loadStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`,
		'',
		`Each answer is one task on the inference worker's thread (${names.get(workerKey)}): its wall time against the thread's own CPU time (trace \`tdur\`; well under 1: the thread waited for a core), the task time of the browser's other threads meanwhile (the page's main thread, compositor, GPU process's display compositor, browser process), and the same for the window from the answer's start to the first streamed message the page handles.`,
		'',
		...lines,
		'',
		`Over the ${rows.length} answers: worker wall ${wall.toFixed(0)} ms, its CPU ${cpu.toFixed(0)} ms (${(cpu / wall).toFixed(2)}); the page's other threads ran ${otherMs.toFixed(0)} ms of tasks meanwhile (${(otherMs / wall).toFixed(2)} ms per worker ms): ${[
			...others.entries()
		]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 5)
			.map(([n, ms]) => `${n} ${ms.toFixed(0)}`)
			.join(', ')}.`,
		''
	].join('\n');
	mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
	writeFileSync(join(REPO_ROOT, 'bench', 'results', 'trace-turn-latest.md'), md);
	writeFileSync(
		join(REPO_ROOT, 'bench', 'results', 'trace-turn-latest.json'),
		`${JSON.stringify({ ttftMs: ttfts, tokensPerSecond: speeds, load: [loadStart, loadavg()[0]], ...summary }, null, 2)}\n`
	);
	console.log(md);
} finally {
	preview.stop();
}
