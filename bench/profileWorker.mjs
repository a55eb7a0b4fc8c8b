// `node bench/profileWorker.mjs [prompts]` (after a build into dist/, or DIST=folder): a diagnostic, not part of
// `npm run bench`. CPU profile of the built app's inference worker (bedside/med-lm, WASM, 1 thread, 64 tokens a
// prompt, after the load's warm-up) through the Chrome DevTools Protocol: Playwright's CDP session auto-attaches
// to the page's workers (non-flat, messages through Target.sendMessageToTarget) and runs V8's sampling profiler in
// each. Self time is grouped into ONNX Runtime's WASM, its JS glue, Transformers.js, Bedside's code, garbage
// collection and idle, with the top functions; written to bench/results/worker-profile-latest.md with the load.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';
import { openAndLoad, sendAndWait } from './browser.mjs';

const PROMPTS = ['What are the symptoms of asthma?', 'How is hypertension treated?', 'What causes anemia?'].slice(
	0,
	Number(process.argv[2] ?? 3)
);
const port = Number(process.env.PORT ?? 4197);
const preview = await startPreview({ port, dist: process.env.DIST ?? 'dist' });
const loadStart = loadavg()[0];

/** Which part of the worker a profile node belongs to, from its function and script. */
function group({ functionName, url }) {
	if (['(idle)', '(program)', '(garbage collector)'].includes(functionName)) return functionName;
	if (url.endsWith('.wasm') || /^(wasm-function|\$)/.test(functionName) || url.startsWith('wasm://')) return 'ONNX Runtime WASM';
	if (/ort-wasm|ort\.|onnxruntime/.test(url)) return 'ONNX Runtime JS glue';
	if (/transformers/i.test(url)) return 'Transformers.js';
	if (url === '') return `(native) ${functionName}`;
	return 'app bundle (Bedside, and libraries bundled with it)';
}

try {
	// JS_FLAGS='--no-liftoff' (say) profiles V8 without its baseline WASM tier: a diagnostic of what the tiers cost.
	const jsFlags = process.env.JS_FLAGS ? [`--js-flags=${process.env.JS_FLAGS}`] : [];
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...jsFlags] });
	const page = await browser.newPage();
	const cdp = await page.context().newCDPSession(page);
	const workers = new Map();
	const pending = new Map();
	let nextId = 1;
	cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => workers.set(sessionId, targetInfo));
	cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
		const m = JSON.parse(message);
		if (!m.id || !pending.has(m.id)) return;
		pending.get(m.id)(m.result ?? m.error);
		pending.delete(m.id);
	});
	const send = (sessionId, method, params = {}) =>
		new Promise((resolve) => {
			const id = nextId++;
			pending.set(id, resolve);
			void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
		});
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	await openAndLoad(
		page,
		`${preview.base}/?device=wasm&threads=1&maxNewTokens=64&minNewTokens=64&temperature=0&library=off`,
		'bedside/med-lm'
	);
	const sessions = [...workers.entries()].filter(([, t]) => t.type === 'worker').map(([s]) => s);
	for (const s of sessions) {
		await send(s, 'Profiler.enable');
		await send(s, 'Profiler.setSamplingInterval', { interval: 200 });
		await send(s, 'Profiler.start');
	}
	const t0 = Date.now();
	let stats = {};
	for (const [i, prompt] of PROMPTS.entries()) stats = await sendAndWait(page, prompt, i + 1);
	const wallMs = Date.now() - t0;
	const lines = [];
	for (const s of sessions) {
		const { profile } = await send(s, 'Profiler.stop');
		const dt = new Map();
		// Self time per node: samples x their time deltas.
		profile.samples.forEach((id, k) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000));
		const byGroup = new Map();
		const byFunction = new Map();
		for (const node of profile.nodes) {
			const ms = dt.get(node.id) ?? 0;
			const g = group(node.callFrame);
			byGroup.set(g, (byGroup.get(g) ?? 0) + ms);
			const { url, lineNumber, columnNumber } = node.callFrame;
			const where = g.startsWith('app') && url ? ` (${url.replace(/^.*\//, '')}:${lineNumber + 1}:${columnNumber + 1})` : '';
			const key = `${node.callFrame.functionName || '(anonymous)'}${where} · ${g}`;
			byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
		}
		const total = [...byGroup.values()].reduce((a, b) => a + b, 0);
		if (total < 100) continue; // not the inference worker
		const busy = total - (byGroup.get('(idle)') ?? 0);
		const pct = (ms, of) => `${((100 * ms) / of).toFixed(1)} %`;
		lines.push(`| part | ms | of busy time |\n|---|---|---|`);
		for (const [g, ms] of [...byGroup.entries()].sort((a, b) => b[1] - a[1]))
			lines.push(`| ${g} | ${ms.toFixed(0)} | ${g === '(idle)' ? '' : pct(ms, busy)} |`);
		lines.push(`\nTop functions by self time:\n\n| function | ms | of busy time |\n|---|---|---|`);
		for (const [k, ms] of [...byFunction.entries()]
			.filter(([k]) => !k.startsWith('(idle)'))
			.sort((a, b) => b[1] - a[1])
			.slice(0, 25)) {
			lines.push(`| ${k.replace(/\|/g, '/')} | ${ms.toFixed(1)} | ${pct(ms, busy)} |`);
		}
	}
	const head = `# Inference worker CPU profile\n\n${new Date().toISOString()} · \`${process.env.JS_FLAGS ? `JS_FLAGS='${process.env.JS_FLAGS}' ` : ''}node bench/profileWorker.mjs ${PROMPTS.length}\` · bedside/med-lm, WASM, 1 thread, ${PROMPTS.length} prompts of 64 tokens after the load (${(wallMs / 1000).toFixed(1)} s); last prompt ${stats.tokensPerSecond?.toFixed(1)} tokens/s, TTFT ${stats.ttftMs?.toFixed(0)} ms · load average ${loadStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end\n\n`;
	const md = head + lines.join('\n') + '\n';
	mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
	const name = `worker-profile${process.env.JS_FLAGS ? '-jsflags' : ''}-latest.md`;
	writeFileSync(join(REPO_ROOT, 'bench', 'results', name), md);
	console.log(md);
	await browser.close();
} finally {
	preview.stop();
}
