// `node bench/arrayBufferAlloc.mjs` (after a build into dist/, or DIST=folder): a diagnostic, not part of
// `npm run bench`. ONNX Runtime Web copies every output out of the WASM heap into a new typed array on each
// `session.run` (wasm-core-impl.ts: `new (typedArrayConstructor)(size)` then `.set(HEAPU8.subarray(...))`); for a
// decoder that is the whole KV cache every step (8 present.* tensors of [1, 4, tokens, 64] fp32 for bedside/med-lm).
// The CPU profile of the worker (bench/profileWorker.mjs) puts most of a browser step in that JS function. This
// times exactly that pattern, per "step", in the app's cross-origin isolated page in headless Chromium and in Node,
// with a fresh destination each time (what ORT does) and with a reused one; bench/results/arraybuffer-alloc-latest.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';

/** Runs in the page and in Node alike (no closure over this module). */
function measure() {
	const heap = new Uint8Array(new WebAssembly.Memory({ initial: 1024, maximum: 4096, shared: true }).buffer);
	const rows = [];
	for (const tokens of [16, 64, 256, 1024]) {
		const n = 4 * tokens * 64;
		const step = (fresh, reused) => {
			for (let k = 0; k < 8; k++) {
				const e = fresh ? new Float32Array(n) : reused[k];
				new Uint8Array(e.buffer, e.byteOffset, e.byteLength).set(heap.subarray(k * n * 4, (k + 1) * n * 4));
			}
		};
		const time = (fresh) => {
			const reused = Array.from({ length: 8 }, () => new Float32Array(n));
			step(fresh, reused);
			const t = performance.now();
			for (let i = 0; i < 30; i++) step(fresh, reused);
			return (performance.now() - t) / 30;
		};
		rows.push({ tokens, kib: (8 * n * 4) / 1024, freshMs: time(true), reusedMs: time(false) });
	}
	return rows;
}

const preview = await startPreview({ port: Number(process.env.PORT ?? 4196), dist: process.env.DIST ?? 'dist' });
const load = [loadavg()[0]];
try {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const page = await browser.newPage();
	await page.goto(`${preview.base}/`);
	const isolated = await page.evaluate(() => crossOriginIsolated);
	const chromiumRows = await page.evaluate(measure);
	const version = browser.version();
	await browser.close();
	const nodeRows = measure();
	load.push(loadavg()[0]);
	const f = (x) => x.toFixed(2);
	const table = chromiumRows.map(
		(c, i) => `| ${c.tokens} | ${c.kib} | ${f(c.freshMs)} | ${f(c.reusedMs)} | ${f(nodeRows[i].freshMs)} | ${f(nodeRows[i].reusedMs)} |`
	);
	const md = `# Copying outputs out of the WASM heap: Chromium vs Node

${new Date().toISOString()} · \`node bench/arrayBufferAlloc.mjs\` · Chromium ${version} (page cross-origin isolated: ${isolated}) · Node ${process.version} · load average ${f(load[0])} at start, ${f(load[1])} at end

Per decode step: 8 outputs of [1, 4, tokens, 64] fp32 copied from a shared WASM memory, into fresh typed arrays (as
ONNX Runtime Web does) or into reused ones. ms per step, mean of 30.

| tokens in the KV cache | KiB per step | Chromium, fresh | Chromium, reused | Node, fresh | Node, reused |
|---|---|---|---|---|---|
${table.join('\n')}
`;
	mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
	writeFileSync(join(REPO_ROOT, 'bench', 'results', 'arraybuffer-alloc-latest.md'), md);
	console.log(md);
} finally {
	preview.stop();
}
