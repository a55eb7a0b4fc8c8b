#!/usr/bin/env node
// `node bench/matmulnbits.mjs`: what one weight matrix costs per call in ONNX Runtime Web's WASM build (run in
// Node) and natively (onnxruntime-node), stored as fp32 MatMul, 8-bit and 4-bit MatMulNBits (q4a4: 4-bit with
// accuracy_level 4, int8 activations), and int8 MatMulInteger with dynamically quantized activations (dyn8), for a
// decode step (1 row) and a prefill (32 rows). The evidence behind src/lib/inference/sessionPolicy.ts. Writes
// bench/results/matmulnbits-<stamp>.json and .md and matmulnbits-latest.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { mustRun } from '../scripts/lib/setup.mjs';
import { f, median } from './report.mjs';

const DIR = join(REPO_ROOT, 'bench', 'results', 'tmp', 'matmul');
mustRun('/usr/bin/python3', [join(REPO_ROOT, 'bench', 'make_matmul_models.py'), DIR]);
const SHAPES = { lm256x704: [256, 704], qwen896x4864: [896, 4864] };
const KINDS = ['fp32', 'int8', 'q4', 'q4a4', 'dyn8'];
const ROWS = [1, 32];

const runtimes = { wasm: await import('onnxruntime-web'), native: await import('onnxruntime-node') };
runtimes.wasm.env.wasm.numThreads = 1;

async function time(ort, file, k, rows, isNative) {
	const options = isNative ? { intraOpNumThreads: 1, interOpNumThreads: 1 } : {};
	const session = await ort.InferenceSession.create(readFileSync(file), options);
	const x = new ort.Tensor(
		'float32',
		Float32Array.from({ length: rows * k }, (_, i) => Math.sin(i)),
		[rows, k]
	);
	const calls = rows === 1 ? 200 : 40;
	for (let i = 0; i < 20; i++) await session.run({ x }); // let V8 optimise the WASM, as the app's warm-up does
	const times = [];
	for (let i = 0; i < calls; i++) {
		const t = performance.now();
		await session.run({ x });
		times.push((performance.now() - t) * 1000);
	}
	await session.release?.();
	return median(times);
}

const rows = [];
const loadAtStart = loadavg()[0];
for (const [shape, [k, n]] of Object.entries(SHAPES)) {
	for (const m of ROWS) {
		for (const kind of KINDS) {
			const file = join(DIR, `${shape}_${kind}.onnx`);
			// native, wasm, native: the wasm figure is compared with the mean of the two native ones.
			const n1 = await time(runtimes.native, file, k, m, true);
			const w = await time(runtimes.wasm, file, k, m, false);
			const n2 = await time(runtimes.native, file, k, m, true);
			rows.push({ shape, k, n, rows: m, kind, wasmUs: w, nativeUs: (n1 + n2) / 2 });
			console.log(`${shape} m=${m} ${kind}: wasm ${f(w)} us, native ${f((n1 + n2) / 2)} us`);
		}
	}
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const report = {
	date: new Date().toISOString(),
	command: 'node bench/matmulnbits.mjs',
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage1m: { start: loadAtStart, end: loadavg()[0] } },
	rows
};
const table = rows.map((r) => {
	const fp32 = rows.find((x) => x.shape === r.shape && x.rows === r.rows && x.kind === 'fp32');
	return `| ${r.shape} | ${r.rows} | ${r.kind} | ${f(r.wasmUs)} | ${f(r.nativeUs)} | ${f(r.wasmUs / r.nativeUs, 2)}x | ${f(r.wasmUs / fp32.wasmUs, 2)}x |`;
});
const md = `# One weight matrix per call: fp32 vs 8-bit vs 4-bit MatMulNBits vs int8 MatMulInteger

${report.date} · \`${report.command}\` · ${report.machine.cpus} × ${report.machine.cpu} · load average ${f(loadAtStart, 2)} at start, ${f(report.machine.loadAverage1m.end, 2)} at end

ONNX Runtime Web's WASM build (in Node, 1 thread, SIMD) against onnxruntime-node (1 thread), median microseconds per
call after 20 warm-up calls; each WASM figure is compared with the mean of a native run before and after it.
Random weights (only speed is measured): block size 32, per-block scales, as ONNX Runtime's int8 fusion and q4 exports;
q4a4 is q4 with accuracy_level 4 (int8 activations); dyn8 is DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul
(int8 weights per column, what quantize_dynamic emits and Bedside's LMs use).

| matrix (K x N) | rows | weights | WASM us | native us | WASM / native | WASM / WASM fp32 |
|---|---|---|---|---|---|---|
${table.join('\n')}
`;
const out = join(REPO_ROOT, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `matmulnbits-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(out, `matmulnbits-${stamp}.md`), md);
writeFileSync(join(out, 'matmulnbits-latest.md'), md);
console.log(md);
