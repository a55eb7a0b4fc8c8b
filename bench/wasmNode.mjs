// The third side of `npm run bench`: the same model file, decode loop and session options as the browser, in ONNX
// Runtime Web's WASM build (the same .wasm binary Vite copies into the app) run by Node, without a browser. It is
// the ceiling the browser can reach with this runtime: if it is below the target ratio to native, no change in
// the app can meet the target. Each run is a child process, because Transformers.js picks its ONNX Runtime when it
// is first imported (the parent has it on onnxruntime-node): the child hands it onnxruntime-web through
// `globalThis[Symbol.for('onnxruntime')]`, which Transformers.js 4 checks before choosing one.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';

const ORT_WASM = join(REPO_ROOT, 'node_modules', 'onnxruntime-web', 'dist', 'ort-wasm-simd-threaded.wasm');

/** sha256 of the WASM binary this side runs and of the one in the built app (they must be equal). */
export function wasmBinaries(dist) {
	const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
	const assets = join(REPO_ROOT, dist, 'assets');
	const built = readdirSync(assets).find((f) => /^ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(f));
	return { node: sha(ORT_WASM), app: built ? sha(join(assets, built)) : null, appFile: built ?? null };
}

/** Runs one WASM-in-Node round in a child process and returns its result (the shape of runNative's). */
export function runWasmNode(args, mode = '--child') {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [fileURLToPath(import.meta.url), mode, JSON.stringify(args)], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('exit', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)));
			else reject(new Error(`bench/wasmNode.mjs child exited with ${code}: ${out.slice(-2000)}`));
		});
	});
}

/** Hands Transformers.js ONNX Runtime Web's WASM build; call before anything imports Transformers.js. */
async function useOrtWeb(threads) {
	// ort.node.min.mjs: ONNX Runtime Web's WASM backend for Node; it imports ort-wasm-simd-threaded.mjs, which
	// instantiates ORT_WASM (the file ortAssets.ts hands to Vite for the WASM-only worker).
	const ort = await import('onnxruntime-web');
	ort.env.wasm.numThreads = threads;
	ort.env.wasm.proxy = false;
	globalThis[Symbol.for('onnxruntime')] = ort;
	const { env } = await import('@huggingface/transformers');
	// Transformers.js points ORT at its CDN copy and preloads it; ORT's own default is the file beside it (ORT_WASM).
	env.useWasmCache = false;
	ort.env.wasm.wasmPaths = undefined;
}

async function child({ modelId, threads, tokens, prompts, round, weightBytes }) {
	await useOrtWeb(threads);
	const { appModule, runChat } = await import('./native.mjs');
	const { sessionPlan } = await appModule('src/lib/inference/sessionPolicy.ts');
	const plan = sessionPlan('wasm', 'q8', weightBytes, 'text-generation');
	const result = await runChat({
		side: 'wasm-node',
		backend: `ONNX Runtime Web WASM in Node ${threads} thread${threads === 1 ? '' : 's'}`,
		device: 'wasm',
		// 'auto' maps to no execution provider of Transformers.js's own (it has none for a runtime it was handed);
		// the explicit list then asks ORT Web for its WASM backend, as the browser worker does.
		pipelineOptions: { device: 'auto', session_options: { ...plan.sessionOptions, executionProviders: ['wasm'] } },
		modelId,
		threads,
		tokens,
		prompts,
		round
	});
	process.stdout.write(`RESULT ${JSON.stringify({ ...result, memory: { ...result.memory, plan: plan.why } })}\n`);
	// ORT Web's worker threads keep Node alive.
	process.exit(0);
}

/** One WASM-in-Node round of the lightweight models (bench/light.mjs), as `runWasmNode` runs the LLM's. */
export function runWasmNodeLight(args) {
	return runWasmNode(args, '--child-light');
}

async function childLight({ workload, threads, round }) {
	await useOrtWeb(threads);
	const { appModule } = await import('./native.mjs');
	const { sessionPlan } = await appModule('src/lib/inference/sessionPolicy.ts');
	const { readCatalogue } = await import('../scripts/lib/catalogue.mjs');
	const catalogue = await readCatalogue();
	const { runNativeLight } = await import('./light.mjs');
	const options = (id) => {
		const entry = catalogue.models.find((m) => m.id === id);
		const bytes = entry.files.filter((f) => f.path.endsWith('.onnx')).reduce((sum, f) => sum + f.bytes, 0);
		const plan = sessionPlan('wasm', 'q8', bytes, entry.task);
		return { device: 'auto', dtype: 'q8', session_options: { ...plan.sessionOptions, executionProviders: ['wasm'] } };
	};
	const variant = { side: 'wasm-node', backend: (n) => `ONNX Runtime Web WASM in Node ${n} thread${n === 1 ? '' : 's'}`, options };
	const result = await runNativeLight(workload, threads, round, variant);
	process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
	process.exit(0);
}

if (process.argv[2] === '--child') await child(JSON.parse(process.argv[3]));
if (process.argv[2] === '--child-light') await childLight(JSON.parse(process.argv[3]));
