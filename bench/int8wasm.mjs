#!/usr/bin/env node
// `node bench/int8wasm.mjs [--model bedside/med-lm] [--threads 1,2]`: which int8 layout of a Bedside LM runs best in
// ONNX Runtime Web's WASM build (in Node), against onnxruntime-node on the same files. Layouts, all from the same
// int8 weights (bench/make_int8_variants.py): `dq` (DequantizeLinear -> MatMul everywhere, the layout before; in
// WASM with `session.disable_quant_qdq`, which folds every weight to fp32 at load), `mmi_all` (every MatMul as
// DynamicQuantizeLinear -> MatMulInteger, weights stay int8), `mmi_head` (the vocabulary projection kept as
// DequantizeLinear and folded) and the committed file (vocabulary and MLP down projections folded, the rest int8),
// run with the session options the app's rule gives it (src/lib/inference/sessionPolicy.ts).
// Speed: all sessions live in one process and decode in lockstep (one step each in turn), so machine load hits them
// alike; median step time over 6 prompts x 2 rounds x 63 steps after a 384-step warm-up. Memory: each WASM session
// alone in a child process (a WASM heap only grows), heap growth from ORT's started heap. Writes
// bench/results/int8-wasm-<stamp>.json and .md and int8-wasm-latest.md. The evidence behind training/quantize.py
// `to_matmul_integer` and the session rule.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { mustRun } from '../scripts/lib/setup.mjs';
import { f, median } from './report.mjs';

/** The last commit with the DequantizeLinear-only files (before training/quantize.py to_matmul_integer). */
const DQ_COMMIT = '183751f';
const FOLD = { disable_quant_qdq: '1' };
const RULE = { disable_quant_qdq: '1', disable_prepacking: '1' };
const { values } = parseArgs({
	options: {
		model: { type: 'string', default: 'bedside/med-lm' },
		threads: { type: 'string', default: '1,2' },
		rounds: { type: 'string', default: '3' },
		heap: { type: 'string' },
		lockstep: { type: 'string' }
	}
});
const LAYERS = 4;
const HEADS = 4;
const HEAD_DIM = 64;
const name = values.model.split('/')[1];
const TMP = join(REPO_ROOT, 'bench', 'results', 'tmp', 'int8');
const dir = join(TMP, name);
const committed = join(REPO_ROOT, 'models', 'bedside', name, 'onnx', 'model_quantized.onnx');
const CONFIGS = [
	{ id: 'WASM, dq + fold (before)', runtime: 'web', file: join(dir, 'dq.onnx'), session: FOLD },
	{ id: 'WASM, mmi_all', runtime: 'web', file: join(dir, 'mmi_all.onnx') },
	{ id: 'WASM, mmi_head + fold', runtime: 'web', file: join(dir, 'mmi_head.onnx'), session: FOLD },
	{ id: 'WASM, committed + rule (after)', runtime: 'web', file: committed, session: RULE },
	{ id: 'native, dq (before)', runtime: 'node', file: join(dir, 'dq.onnx') },
	{ id: 'native, committed (after)', runtime: 'node', file: committed }
];
const REFERENCE = CONFIGS[0].id;

async function runtime(config, threads) {
	const ort = config.runtime === 'web' ? await import('onnxruntime-web') : await import('onnxruntime-node');
	if (config.runtime === 'web') ort.env.wasm.numThreads = threads;
	const options = {
		...(config.runtime === 'node' ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
		...(config.session ? { extra: { session: config.session } } : {})
	};
	return { ort, options };
}

/** Heap growth of one WASM session alone in this process (a WASM heap only grows). */
async function heapChild({ config, threads }) {
	const memories = new Map();
	const note = (v) => v instanceof WebAssembly.Memory && !memories.has(v) && memories.set(v, v.buffer.byteLength);
	const instantiate = WebAssembly.instantiate.bind(WebAssembly);
	WebAssembly.instantiate = async (source, imports) => {
		const result = await instantiate(source, imports);
		for (const m of Object.values(imports ?? {})) if (m && typeof m === 'object') Object.values(m).forEach(note);
		Object.values(('instance' in result ? result.instance : result).exports).forEach(note);
		return result;
	};
	const heap = () => [...memories.keys()].reduce((s, m) => s + m.buffer.byteLength, 0);
	const { ort, options } = await runtime(config, threads);
	// ORT started with a one-node model first: the base is ORT's own heap, as the app's Models tab counts it.
	await (await ort.InferenceSession.create(readFileSync(join(TMP, 'tiny.onnx')))).release();
	const base = heap();
	await ort.InferenceSession.create(readFileSync(config.file), options);
	return { heapGrowth: heap() - base };
}

/** Every layout in this process, decoding in lockstep; median step and 64-token prefill times, greedy tokens. */
async function lockstep(threads) {
	const { AutoTokenizer, env } = await import('@huggingface/transformers');
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = join(REPO_ROOT, 'models') + '/';
	const tok = await AutoTokenizer.from_pretrained(values.model);
	const texts = [
		'What is (are) Liddle syndrome ?',
		'What are the symptoms of asthma ?',
		'How to prevent diabetes ?',
		'Is cystic fibrosis inherited ?',
		'What causes High Blood Pressure ?',
		'What are the treatments for Parkinson disease ?'
	];
	const prompts = texts.map((t) => Array.from(tok.encode(t)));
	const longPrompt = Array.from(tok.encode(texts.join(' '))).slice(0, 64);
	const sessions = [];
	for (const config of CONFIGS) {
		const { ort, options } = await runtime(config, threads);
		const session = await ort.InferenceSession.create(readFileSync(config.file), options);
		sessions.push({ config, ...stepper(ort, session), steps: [], prefills: [] });
	}
	async function generate(prompt, tokens, record) {
		const state = sessions.map((s) => ({ past: s.empty(), out: [], first: null }));
		for (let i = 0; i < tokens; i++) {
			for (const [k, s] of sessions.entries()) {
				const x = state[k];
				const r = await s.step(i === 0 ? prompt : [x.out.at(-1)], x.past, i === 0 ? 0 : prompt.length + i - 1);
				x.past = r.past;
				x.out.push(r.arg);
				if (i === 0) x.first = r.last;
				else if (record) s.steps.push(r.ms);
			}
		}
		return state;
	}
	for (let w = 0; w < 4; w++) await generate(prompts[0], 96, false); // V8 optimises ORT's WASM as it runs
	const runs = [];
	for (let round = 0; round < 2; round++) for (const p of prompts) runs.push(await generate(p, 64, true));
	for (let r = 0; r < 5; r++) for (const s of sessions) s.prefills.push((await s.step(longPrompt, s.empty(), 0)).ms);
	const out = {};
	for (const [k, s] of sessions.entries()) {
		let maxDiff = 0;
		const agree = [];
		for (const [i] of prompts.entries()) {
			const a = runs[i][k];
			const b = runs[i][0];
			for (let j = 0; j < a.first.length; j++) maxDiff = Math.max(maxDiff, Math.abs(a.first[j] - b.first[j]));
			let n = 0;
			while (n < a.out.length && a.out[n] === b.out[n]) n++;
			agree.push(n);
		}
		out[s.config.id] = { stepMs: median(s.steps), prefill64Ms: median(s.prefills), logitsMaxDiff: maxDiff, greedyAgreement: agree };
	}
	return out;
}

/** One session's step: feeds, run, greedy token; its own KV cache. */
function stepper(ort, session) {
	const empty = () => {
		const past = {};
		for (let i = 0; i < LAYERS; i++)
			for (const kv of ['key', 'value'])
				past[`past_key_values.${i}.${kv}`] = new ort.Tensor('float32', new Float32Array(0), [1, HEADS, 0, HEAD_DIM]);
		return past;
	};
	async function step(ids, past, start) {
		const n = ids.length;
		const feeds = {
			input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, n]),
			attention_mask: new ort.Tensor('int64', new BigInt64Array(start + n).fill(1n), [1, start + n]),
			position_ids: new ort.Tensor(
				'int64',
				BigInt64Array.from({ length: n }, (_, i) => BigInt(start + i)),
				[1, n]
			),
			...past
		};
		const t = performance.now();
		const out = await session.run(feeds);
		const ms = performance.now() - t;
		const next = {};
		for (let i = 0; i < LAYERS; i++) for (const kv of ['key', 'value']) next[`past_key_values.${i}.${kv}`] = out[`present.${i}.${kv}`];
		const vocab = out.logits.dims[2];
		const last = out.logits.data.subarray((n - 1) * vocab, n * vocab);
		let arg = 0;
		for (let i = 1; i < vocab; i++) if (last[i] > last[arg]) arg = i;
		return { arg, past: next, ms, last: Float32Array.from(last) };
	}
	return { empty, step };
}

function child(args) {
	const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bench', 'int8wasm.mjs'), '--model', values.model, ...args], {
		encoding: 'utf8',
		maxBuffer: 1 << 26
	});
	if (run.status !== 0) throw new Error(`${args.join(' ')}: ${run.stderr.slice(-3000)}`);
	return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

if (values.heap) {
	console.log(JSON.stringify(await heapChild(JSON.parse(values.heap))));
	process.exit(0);
}
if (values.lockstep) {
	console.log(JSON.stringify(await lockstep(Number(values.lockstep))));
	process.exit(0);
}

mkdirSync(dir, { recursive: true });
const source = execFileSync('git', ['show', `${DQ_COMMIT}:models/bedside/${name}/onnx/model_quantized.onnx`], {
	cwd: REPO_ROOT,
	maxBuffer: 1 << 30
});
writeFileSync(join(dir, 'dq_source.onnx'), source);
mustRun('/usr/bin/python3', [join(REPO_ROOT, 'bench', 'make_int8_variants.py'), join(dir, 'dq_source.onnx'), dir, join(TMP, 'tiny.onnx')]);
const fileBytes = statSync(committed).size;
const rows = [];
const loadAtStart = loadavg()[0];
for (const threads of values.threads.split(',').map(Number)) {
	// Rounds: a fresh lockstep process each; step time is the median of the rounds' medians, with their range.
	const rounds = Array.from({ length: Number(values.rounds) }, () => child(['--lockstep', String(threads)]));
	for (const config of CONFIGS) {
		const heap = config.runtime === 'web' ? child(['--heap', JSON.stringify({ config, threads })]).heapGrowth : null;
		const per = rounds.map((r) => r[config.id]);
		const ratios = rounds.map((r) => r[REFERENCE].stepMs / r[config.id].stepMs);
		rows.push({
			threads,
			id: config.id,
			heapBytes: heap,
			...per[0],
			stepMs: median(per.map((x) => x.stepMs)),
			prefill64Ms: median(per.map((x) => x.prefill64Ms)),
			vsBefore: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
			rounds: per
		});
	}
	console.log(`${threads} thread(s) done, load average ${f(loadavg()[0], 2)}`);
}
const loadAtEnd = loadavg()[0];
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const command = `node bench/int8wasm.mjs --model ${values.model} --threads ${values.threads} --rounds ${values.rounds}`;
const report = {
	date: new Date().toISOString(),
	command,
	model: values.model,
	fileBytes,
	machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage1m: { start: loadAtStart, end: loadAtEnd } },
	rows
};
const mib = (b) => (b === null ? '-' : `${f(b / 2 ** 20, 1)} MiB (${f(b / fileBytes, 2)}x)`);
const table = rows.map((r) => {
	const native = rows.find((x) => x.threads === r.threads && x.id === 'native, dq (before)');
	const vs = r.vsBefore;
	return `| ${r.threads} | ${r.id} | ${f(r.stepMs, 3)} | ${f(1000 / r.stepMs, 0)} | ${f(vs.median, 2)}x (${f(vs.min, 2)}–${f(vs.max, 2)}) | ${f(native.stepMs / r.stepMs, 2)}x | ${f(r.prefill64Ms, 1)} | ${mib(r.heapBytes)} | ${f(r.logitsMaxDiff, 3)} | ${r.greedyAgreement.join(' ')} |`;
});
const md = `# Int8 layouts of ${values.model} on ONNX Runtime Web (WASM, in Node) and onnxruntime-node

${report.date} · \`${command}\` · ${report.machine.cpus} × ${report.machine.cpu} · Node ${process.version} · load average ${f(loadAtStart, 2)} at start, ${f(loadAtEnd, 2)} at end

Layouts (bench/make_int8_variants.py, all from the same int8 weights and scales): \`dq\` DequantizeLinear -> MatMul
everywhere (the layout before; \`session.disable_quant_qdq\` folds it to fp32 at load); \`mmi_all\` every MatMul as
DynamicQuantizeLinear -> MatMulInteger (int8 weights, activations quantized per call); \`mmi_head\` the same with the
vocabulary projection folded; committed: vocabulary and MLP down projections folded, the rest int8, with the app's
session options (\`disable_quant_qdq\` + \`disable_prepacking\`). Step and prefill times: all sessions in one process,
decoding in lockstep (median over 756 steps after a 384-step warm-up; prefill: a 64-token prompt, median of 5), in
${values.rounds} rounds (fresh processes): the medians of the rounds, and the per-round ratio to the first row (median, range).
Logits and greedy agreement are from the first round.
Heap: WASM heap growth when the session is created, alone in a fresh process, and its ratio to the committed file
(${f(fileBytes / 2 ** 20, 2)} MiB). Logits: max |difference| of the first step's logits from the first row, over 6 prompts;
greedy: tokens equal to the first row's before the first difference, per prompt (of 64).

| threads | layout | decode step ms | tokens/s | speed vs before (WASM) | speed vs native before | prefill 64 tokens ms | heap after load | logits max diff | greedy agreement |
|---|---|---|---|---|---|---|---|---|---|
${table.join('\n')}
`;
const out = join(REPO_ROOT, 'bench', 'results');
writeFileSync(join(out, `int8-wasm-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(out, `int8-wasm-${stamp}.md`), md);
writeFileSync(join(out, 'int8-wasm-latest.md'), md);
console.log(md);
