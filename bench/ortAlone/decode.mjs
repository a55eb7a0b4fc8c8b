// ONNX Runtime Web alone, on a Bedside LM with new.N.* outputs: the same feeds, fetches and own KV buffers as
// generation/causalSession.ts, greedy, nothing else in the page. Runs on the page or as a module worker.
import * as ort from '/ort/ort.wasm.min.mjs';

const i64 = (a) => BigInt64Array.from(a, (x) => BigInt(x));

async function open(file, threads) {
	ort.env.wasm.wasmPaths = '/ort/';
	ort.env.wasm.numThreads = threads;
	const opts = { executionProviders: ['wasm'], extra: { session: { disable_prepacking: '1', disable_quant_qdq: '1' } } };
	const session = await ort.InferenceSession.create(file, opts);
	const names = session.inputNames.filter((n) => n.startsWith('past_key_values.')).map((n) => n.slice('past_key_values.'.length));
	const meta = session.inputMetadata.find((m) => m.name === `past_key_values.${names[0]}`);
	const [, heads, , dim] = meta.shape;
	const cap = 1024;
	const cache = Object.fromEntries(names.map((n) => [n, new Float32Array(heads * cap * dim)]));
	const packed = Object.fromEntries(names.map((n) => [n, new Float32Array(heads * cap * dim)]));
	let length = 0;
	let runMs = 0;
	async function step(ids) {
		const n = ids.length;
		const feeds = {
			input_ids: new ort.Tensor('int64', i64(ids), [1, n]),
			attention_mask: new ort.Tensor('int64', i64(Array(length + n).fill(1)), [1, length + n]),
			position_ids: new ort.Tensor('int64', i64(ids.map((_, j) => length + j)), [1, n])
		};
		if (session.inputNames.includes('num_logits_to_keep')) feeds.num_logits_to_keep = new ort.Tensor('int64', BigInt64Array.of(1n), []);
		for (const name of names) {
			const c = cache[name];
			const p = packed[name];
			for (let h = 0; h < heads; h++) p.set(c.subarray(h * cap * dim, h * cap * dim + length * dim), h * length * dim);
			feeds[`past_key_values.${name}`] = new ort.Tensor('float32', p.subarray(0, heads * length * dim), [1, heads, length, dim]);
		}
		const t = performance.now();
		const out = await session.run(feeds, ['logits', ...names.map((name) => `new.${name}`)]);
		runMs += performance.now() - t;
		for (const name of names) {
			const d = out[`new.${name}`].data;
			for (let h = 0; h < heads; h++) cache[name].set(d.subarray(h * n * dim, (h + 1) * n * dim), h * cap * dim + length * dim);
		}
		length += n;
		const logits = out.logits.data;
		const rows = logits.length / out.logits.dims.at(-1);
		const vocab = out.logits.dims.at(-1);
		let best = 0;
		for (let v = 1; v < vocab; v++) if (logits[(rows - 1) * vocab + v] > logits[(rows - 1) * vocab + best]) best = v;
		return best;
	}
	return { step, reset: () => ((length = 0), (runMs = 0)), runMs: () => runMs };
}

async function answer(lm, promptLength, steps, idleMs = 0) {
	lm.reset();
	let token = await lm.step(Array.from({ length: promptLength }, (_, i) => 100 + (i % 500)));
	const prefillRunMs = lm.runMs();
	const t0 = performance.now();
	for (let i = 0; i < steps; i++) token = await lm.step([token]);
	const decodeRunMs = lm.runMs() - prefillRunMs;
	const msPerStep = (performance.now() - t0) / steps;
	// A chat's next turn: 18 new prompt tokens on top of the cache (the app's steady prompts reuse 160 of 178).
	await lm.step(Array.from({ length: 18 }, (_, i) => 200 + i));
	const continueMs = lm.runMs() - prefillRunMs - decodeRunMs;
	// The same after the pause a chat has between an answer and the next question (the page idles meanwhile).
	await new Promise((r) => setTimeout(r, idleMs));
	const before = lm.runMs();
	await lm.step(Array.from({ length: 18 }, (_, i) => 300 + i));
	return { prefillMs: prefillRunMs, msPerStep, runMsPerStep: decodeRunMs / steps, continueMs, idleContinueMs: lm.runMs() - before };
}

/** `warmMs` of 16-token answers, then `rounds` answers of `steps` tokens after a `promptLength`-token prompt. */
export async function measure({ file, threads = 1, warmMs = 4000, promptLength = 178, steps = 64, rounds = 3, idleMs = 300 }) {
	const lm = await open(file, threads);
	const w0 = performance.now();
	while (performance.now() - w0 < warmMs) await answer(lm, 16, 16);
	const out = [];
	for (let r = 0; r < rounds; r++) out.push(await answer(lm, promptLength, steps, idleMs));
	return out;
}

if (typeof window === 'undefined') self.onmessage = async (e) => self.postMessage(await measure(e.data));
