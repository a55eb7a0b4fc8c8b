// Where the LLM's time goes, per side of `npm run bench`: the time to first token split into chat template,
// tokenization, prefill and the rest (the worker's handler and the first sampling), and a decode step split into
// ONNX Runtime's `session.run`, Bedside's feeds/logits handling around it (CausalSession.step) and the decode loop's
// JavaScript (sampling, repetition penalty, text streaming, posting tokens). From the `timings` every run reports
// (GenerationTimings in src/lib/inference/protocol.ts); steady prompts only (the first after a load apart).
import { f, median } from './report.mjs';

const SIDES = {
	native: 'native',
	'wasm-node': 'WASM in Node',
	browser: 'browser',
	'browser-full-prefill': 'browser, no KV reuse (kvReuse=0)'
};

function perSide(results) {
	const groups = new Map();
	for (const r of results) {
		const key = `${r.side}|${r.threads}`;
		groups.set(key, [...(groups.get(key) ?? []), ...r.runs.slice(1)]);
	}
	return [...groups.entries()].map(([key, runs]) => {
		const [side, threads] = key.split('|');
		const t = runs.map((r) => ({ ...r.timings, ttftMs: r.ttftMs })).filter((x) => Number.isFinite(x.prefillMs));
		const m = (fn) => median(t.map(fn));
		const perStep = (fn) => m((x) => (x.steps > 0 ? fn(x) / x.steps : NaN));
		return {
			side,
			threads: Number(threads),
			templateMs: m((x) => x.templateMs),
			tokenizeMs: m((x) => x.tokenizeMs),
			prefillMs: m((x) => x.prefillMs),
			prefillRunMs: m((x) => x.prefillRunMs),
			otherTtftMs: m((x) => x.ttftMs - x.promptMs - x.prefillMs),
			ttftMs: m((x) => x.ttftMs),
			promptTokens: m((x) => x.promptTokens),
			reusedTokens: m((x) => x.reusedTokens ?? 0),
			stepMs: perStep((x) => x.decodeMs),
			runMs: perStep((x) => x.runMs),
			glueMs: perStep((x) => x.stepMs - x.runMs),
			loopMs: perStep((x) => x.decodeMs - x.stepMs),
			runShare: m((x) => x.runMs / x.decodeMs)
		};
	});
}

/** The breakdown as data (for the JSON) and as Markdown (for the report). */
export function breakdown(results) {
	return perSide(results.filter((r) => r.runs?.some((x) => x.timings)));
}

export function breakdownMarkdown(rows) {
	if (rows.length === 0) return '';
	const ms = (n) => f(n, 3);
	const lines = rows.map(
		(r) =>
			`| ${SIDES[r.side] ?? r.side} | ${r.threads} | ${f(r.promptTokens, 0)} / ${f(r.reusedTokens, 0)} | ${f(r.templateMs, 2)} | ${f(r.tokenizeMs, 2)} | ${f(r.prefillMs, 1)} | ${f(r.prefillRunMs, 1)} | ${f(r.otherTtftMs, 2)} | ${f(r.ttftMs, 1)} | ${ms(r.stepMs)} | ${ms(r.runMs)} | ${ms(r.glueMs)} | ${ms(r.loopMs)} | ${f(100 * r.runShare, 0)} % |`
	);
	return `Where the time goes (steady prompts, medians; ms). TTFT = template + tokenization + prefill + the rest (handler,
first sampling); the prefill runs only the prompt tokens not reused from the previous turn's KV cache, and its
\`session.run\` column is the part inside ONNX Runtime (the rest: resuming the cache, feeds, copying new positions). A decode step = \`session.run\` (ONNX Runtime: JS glue, tensor copies, kernels) + Bedside's feeds and
logits copy around it + the decode loop's JavaScript (sampling, repetition penalty, text stream, posting the token):

| side | threads | prompt / reused tokens | template | tokenize | prefill | prefill session.run | TTFT rest | TTFT | ms / step | session.run | feeds + logits | loop JS | run share |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}
`;
}
