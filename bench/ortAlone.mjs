// `node bench/ortAlone.mjs [--model bedside/med-lm]`: a diagnostic, not part of `npm run bench`. ONNX Runtime Web
// alone in the same headless Chromium (bench/ortAlone/: the package's own WASM build, the app's session options,
// Bedside's feeds and own KV buffers, greedy, in a module worker, nothing else on the page), so the app's browser
// figures have a browser ceiling beside the Node one: how fast the runtime decodes this file in Chromium, with and
// without V8's optimised code (no warm-up against 4 s of short answers first), and whether a pause before a follow-up prefill (a chat's next
// question) slows it. Writes
// bench/results/ort-alone-latest.{md,json} with the load average.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../scripts/lib/browser.mjs';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';

const { values } = parseArgs({
	options: { model: { type: 'string', default: 'bedside/med-lm' }, port: { type: 'string', default: '4499' } }
});
const TYPES = { '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const route = (url) => {
	const u = url.split('?')[0];
	if (u.startsWith('/ort/')) return join(REPO_ROOT, 'node_modules/onnxruntime-web/dist', u.slice(5));
	if (u.startsWith('/bench/')) return join(REPO_ROOT, 'bench/ortAlone', u.slice(7));
	if (u.startsWith('/m/')) return join(REPO_ROOT, 'public/models', u.slice(3));
	return join(REPO_ROOT, 'bench/ortAlone/page.html');
};
const server = createServer((req, res) => {
	const path = route(req.url ?? '/');
	try {
		const body = readFileSync(path);
		res.writeHead(200, {
			'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream',
			'cross-origin-opener-policy': 'same-origin',
			'cross-origin-embedder-policy': 'require-corp'
		});
		res.end(body);
	} catch {
		res.writeHead(404).end();
	}
}).listen(Number(values.port));

const load0 = loadavg()[0];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${values.port}/`);
await page.waitForFunction(() => window.ready === true);
const file = `/m/${values.model}/onnx/model_quantized.onnx`;
const rows = [];
for (const threads of [1, 2]) {
	for (const warmMs of [0, 4000]) {
		const rounds = await page.evaluate((o) => window.inWorker(o), { file, threads, warmMs, promptLength: 178, steps: 64, rounds: 4 });
		rows.push({ threads, warmMs, rounds });
		console.log(threads, warmMs, rounds.map((r) => r.runMsPerStep.toFixed(2)).join(' '));
	}
}
await browser.close();
server.close();
const load1 = loadavg()[0];
const fmt = (rs, k) => rs.map((r) => r[k].toFixed(2)).join(', ');
const md = [
	'# ONNX Runtime Web alone in Chromium',
	'',
	`${new Date().toISOString()} · \`node bench/ortAlone.mjs --model ${values.model}\` · Chromium ${browser.version()} · load average ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end`,
	'',
	'A 178-token prompt, then 64 greedy steps, four answers in a row in one module worker, each followed by 18 more tokens at once and 18 more after 300 ms idle; ms per step (whole step, and inside `session.run`); prefill times inside `session.run`.',
	'',
	'| threads | warm-up before | ms / step, answers 1-4 | session.run ms / step | prefill ms (178 tokens) | 18 more tokens after the answer, ms | 18 more after 300 ms idle, ms |',
	'|---|---|---|---|---|---|---|',
	...rows.map(
		(r) =>
			`| ${r.threads} | ${r.warmMs ? `${r.warmMs / 1000} s of 16-token answers` : 'none'} | ${fmt(r.rounds, 'msPerStep')} | ${fmt(r.rounds, 'runMsPerStep')} | ${fmt(r.rounds, 'prefillMs')} | ${fmt(r.rounds, 'continueMs')} | ${fmt(r.rounds, 'idleContinueMs')} |`
	),
	''
].join('\n');
writeFileSync(join(REPO_ROOT, 'bench/results/ort-alone-latest.md'), md);
writeFileSync(
	join(REPO_ROOT, 'bench/results/ort-alone-latest.json'),
	`${JSON.stringify({ model: values.model, load: [load0, load1], rows }, null, 2)}\n`
);
console.log(md);
