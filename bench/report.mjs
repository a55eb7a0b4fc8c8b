// Fixed prompt set, statistics, the browser/native ratios and the Markdown report for `npm run bench`.
import { breakdown, breakdownMarkdown } from './breakdown.mjs';

export const PROMPTS = [
	'What are the symptoms of type 2 diabetes?',
	'Can warfarin be taken together with aspirin?',
	'How is community-acquired pneumonia treated?',
	'What are the side effects of lithium?'
];

/** Targets from the speed issue (#12), checked in the report, never in tests. */
export const TARGETS = { decode: 0.8, firstPromptDecode: 0.7, ttft: 1.5, light: 1.5, memoryPerWeight: 4, firstVsSteady: 0.85 };

export function median(values) {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median with the range of the values. */
export function spread(values) {
	const finite = values.filter(Number.isFinite);
	return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite), n: finite.length };
}

/** Tokens per second after the first token (which includes the prompt prefill); same as the worker. */
export function decodeRate(tokens, firstAt, lastAt) {
	if (firstAt === null || tokens < 2 || lastAt <= firstAt) return 0;
	return ((tokens - 1) * 1000) / (lastAt - firstAt);
}

/** The first prompt after a load apart (it pays for any warm-up the load left undone), the rest as steady state. */
export function summariseRuns(runs) {
	const [first, ...rest] = runs;
	return {
		tokensPerSecond: median(rest.map((r) => r.tokensPerSecond)),
		ttftMs: median(rest.map((r) => r.ttftMs)),
		firstPromptTokensPerSecond: first?.tokensPerSecond ?? NaN,
		firstPromptTtftMs: first?.ttftMs ?? NaN
	};
}

const mean2 = (a, b) => (a + b) / 2;

/**
 * Each browser (and WASM-in-Node) run r sits between native runs r and r+1 of the same thread count: its ratios
 * are taken against their mean, so drift in the machine's load between runs cancels. The WASM-in-Node ratios are
 * the ceiling: ONNX Runtime Web's own speed on this file, without a browser. The browser is also compared with the
 * WASM-in-Node run of its own round (what the browser loses against its own runtime). Median and range over rounds.
 */
export function llmRatios(results) {
	const out = {};
	for (const threads of [...new Set(results.map((r) => r.threads))]) {
		const of = (side) => results.filter((r) => r.side === side && r.threads === threads).sort((a, b) => a.round - b.round);
		const native = of('native');
		const wasm = of('wasm-node');
		const bracket = (r) => {
			const before = native.find((n) => n.round === r.round);
			const after = native.find((n) => n.round === r.round + 1) ?? before;
			return before && after
				? { tokensPerSecond: mean2(before.tokensPerSecond, after.tokensPerSecond), ttftMs: mean2(before.ttftMs, after.ttftMs) }
				: null;
		};
		const ceiling = wasm.flatMap((w) => {
			const n = bracket(w);
			if (!n) return [];
			w.wasmCeilingDecodeRatio = w.tokensPerSecond / n.tokensPerSecond;
			w.wasmCeilingTtftRatio = w.ttftMs / n.ttftMs;
			w.wasmCeilingFirstPromptDecodeRatio = w.firstPromptTokensPerSecond / n.tokensPerSecond;
			return [
				{
					round: w.round,
					decode: w.wasmCeilingDecodeRatio,
					ttft: w.wasmCeilingTtftRatio,
					firstPromptDecode: w.wasmCeilingFirstPromptDecodeRatio
				}
			];
		});
		const rounds = of('browser').flatMap((b) => {
			const n = bracket(b);
			if (!n) return [];
			const w = wasm.find((x) => x.round === b.round);
			const ratios = {
				round: b.round,
				decode: b.tokensPerSecond / n.tokensPerSecond,
				firstPromptDecode: b.firstPromptTokensPerSecond / n.tokensPerSecond,
				ttft: b.ttftMs / n.ttftMs,
				firstVsSteady: b.firstPromptTokensPerSecond / b.tokensPerSecond,
				browserVsWasmDecode: w ? b.tokensPerSecond / w.tokensPerSecond : NaN,
				browserVsWasmTtft: w ? b.ttftMs / w.ttftMs : NaN
			};
			b.decodeRatio = ratios.decode;
			b.ttftRatio = ratios.ttft;
			b.firstPromptDecodeRatio = ratios.firstPromptDecode;
			b.browserVsWasmDecodeRatio = ratios.browserVsWasmDecode;
			return [ratios];
		});
		const pick = (list, key) => spread(list.map((r) => r[key]));
		out[threads] = {
			decode: pick(rounds, 'decode'),
			firstPromptDecode: pick(rounds, 'firstPromptDecode'),
			ttft: pick(rounds, 'ttft'),
			firstVsSteady: pick(rounds, 'firstVsSteady'),
			wasmCeilingDecode: pick(ceiling, 'decode'),
			wasmCeilingFirstPromptDecode: pick(ceiling, 'firstPromptDecode'),
			wasmCeilingTtft: pick(ceiling, 'ttft'),
			browserVsWasmDecode: pick(rounds, 'browserVsWasmDecode'),
			browserVsWasmTtft: pick(rounds, 'browserVsWasmTtft'),
			rounds,
			ceilingRounds: ceiling
		};
	}
	return out;
}

/** The mean of the finite values (a native run before the first browser round has no drug pairs to time). */
const meanOf = (...values) => {
	const finite = values.filter(Number.isFinite);
	return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
};

/** Each lightweight model's latency figure in a bench result (its key) and what it is per (its unit). */
export const LIGHT_FIGURES = {
	ner: { key: 'msPerSentence', unit: 'sentence' },
	embed: { key: 'msPerText', unit: 'text' },
	hallmarks: { key: 'msPerSentence', unit: 'sentence' },
	relation: { key: 'msPerPair', unit: 'drug pair' }
};

/**
 * Browser / native latency for the lightweight models (lower is better; 1.0 = native speed), and under `ceiling`
 * the same for ONNX Runtime Web's WASM build in Node (bench/wasmNode.mjs): what the browser's runtime itself costs.
 */
export function lightRatios(light) {
	const native = light.filter((r) => r.side === 'native').sort((a, b) => a.round - b.round);
	const against = (side) => {
		const rounds = light
			.filter((r) => r.side === side)
			.flatMap((b) => {
				const before = native.find((n) => n.round === b.round);
				const after = native.find((n) => n.round === b.round + 1) ?? before;
				if (!before || !after) return [];
				// A run's JSON turns a missing figure (NaN) into null: no ratio then, not 0.
				const ratio = (model) => {
					const { key } = LIGHT_FIGURES[model];
					const value = b[model]?.[key];
					return Number.isFinite(value) ? value / meanOf(before[model]?.[key], after[model]?.[key]) : NaN;
				};
				return [{ round: b.round, ...Object.fromEntries(Object.keys(LIGHT_FIGURES).map((model) => [model, ratio(model)])) }];
			});
		const over = (name) => spread(rounds.map((r) => r[name]));
		return { ner: over('ner'), embed: over('embed'), hallmarks: over('hallmarks'), relation: over('relation'), rounds };
	};
	return { ...against('browser'), ceiling: against('wasm-node') };
}

export const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a');
const range = (s, d = 2) => `${f(s.median, d)}x (${f(s.min, d)}–${f(s.max, d)})`;
const verdict = (ok) => (ok ? '**met**' : '**not met**');

/** The LLM table and the ratio lines: the bench's Markdown report and the README section both use it. */
export function llmSection(report) {
	if (report.results.length === 0) return '';
	const byKey = new Map();
	for (const r of report.results) {
		const key = `${r.side}|${r.threads}`;
		byKey.set(key, [...(byKey.get(key) ?? []), r]);
	}
	const rows = [...byKey.values()].map((rs) => {
		const r = rs[0];
		const heap = r.side.startsWith('browser')
			? mib(median(rs.map((x) => x.memory?.wasmHeapBytes)))
			: `${mib(median(rs.map((x) => x.memory?.rssGrowthBytes)))} RSS`;
		return `| ${r.side} | ${r.backend} | ${rs.length} | ${f(median(rs.map((x) => x.loadMs)), 0)} | ${f(median(rs.map((x) => x.ttftMs)), 1)} | ${f(median(rs.map((x) => x.tokensPerSecond)), 1)} | ${f(median(rs.map((x) => x.firstPromptTokensPerSecond)), 1)} | ${heap} |`;
	});
	const lines = Object.entries(report.ratios.llm).map(([threads, r]) => {
		const ok =
			r.decode.median >= TARGETS.decode && r.firstPromptDecode.median >= TARGETS.firstPromptDecode && r.ttft.median <= TARGETS.ttft;
		return `| ${threads} | ${range(r.decode)} | ${range(r.firstPromptDecode)} | ${range(r.ttft)} | ${range(r.firstVsSteady)} | ${verdict(ok)} | ${range(r.wasmCeilingDecode)} | ${range(r.wasmCeilingTtft)} | ${range(r.browserVsWasmDecode)} |`;
	});
	const weight = report.weightBytes;
	const heaps = report.results.filter((r) => r.side === 'browser').map((r) => r.memory?.wasmHeapBytes);
	const page = report.results
		.filter((r) => r.side === 'browser')
		.map((r) => r.memory?.pageAndWorkersBytes)
		.filter(Number.isFinite);
	const memoryLine = weight
		? `Memory: weight file ${mib(weight)}; WASM heap growth at load ${mib(median(heaps))} = ${f(median(heaps) / weight, 2)}x the file (target ≤ ${TARGETS.memoryPerWeight}x: ${verdict(median(heaps) / weight <= TARGETS.memoryPerWeight)})${page.length ? `; page and workers after the prompts ${mib(median(page))}` : ''}. Session rule: ${report.sessionPlan ?? 'n/a'}.`
		: '';
	return `| side | backend | runs | load ms | TTFT ms | decode tokens/s | first prompt tokens/s | memory |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Browser / native, median (range) over ${report.rounds} rounds, each browser run against the mean of the native runs before and after it:

| threads | decode (≥ ${TARGETS.decode}x) | first prompt decode (≥ ${TARGETS.firstPromptDecode}x) | TTFT (≤ ${TARGETS.ttft}x) | browser first prompt / steady (≥ ${TARGETS.firstVsSteady}) | targets | ceiling: WASM in Node / native decode | ceiling TTFT | browser / WASM in Node decode (same round) |
|---|---|---|---|---|---|---|---|---|
${lines.join('\n')}

${ceilingLine(report)}

${breakdownMarkdown(report.breakdown ?? breakdown(report.results))}
${memoryLine}
`;
}

/**
 * What ONNX Runtime Web itself reaches on this file (the WASM-in-Node side): when it is below a target, that
 * measurement is why the browser cannot meet it, whatever the app does.
 */
export function ceilingLine(report) {
	const entries = Object.entries(report.ratios.llm).filter(([, r]) => r.wasmCeilingDecode?.n > 0);
	if (entries.length === 0) return '';
	const list = (key, d = 2) => entries.map(([t, r]) => `${f(r[key].median, d)}x at ${t} thread${t === '1' ? '' : 's'}`).join(', ');
	const bin = report.wasmBinary;
	const same = bin?.app
		? bin.app === bin.node
			? `identical to the app's \`${bin.appFile}\``
			: `**not** the app's \`${bin.appFile}\``
		: 'app build not found';
	const verdictFor = (key, isMissed, target, what, why) => {
		const missed = entries.filter(([, r]) => isMissed(r[key].median)).map(([t]) => t);
		if (missed.length === entries.length)
			return `beyond the ${target}x ${what} target at every thread count, so **the ${what} target cannot be met on ONNX Runtime Web's WASM**, whatever Bedside does: this measurement is the reason (${why}).`;
		if (missed.length > 0)
			return `beyond the ${target}x ${what} target at ${missed.join(' and ')} thread(s), where **it cannot be met on this runtime** (${why}); within it elsewhere, where the browser's shortfall is its own.`;
		return `within the ${target}x ${what} target: the runtime allows it, so the browser's shortfall is its own.`;
	};
	const why =
		'native onnxruntime runs the int8 MatMulInteger with AVX-512 VNNI kernels; the WASM build has 128-bit SIMD without an int8 dot product, bench/int8-wasm.md';
	const decode = verdictFor('wasmCeilingDecode', (x) => x < TARGETS.decode, TARGETS.decode, 'decode', why);
	const ttft = `Its TTFT is ${list('wasmCeilingTtft')} native: ${verdictFor('wasmCeilingTtft', (x) => x > TARGETS.ttft, TARGETS.ttft, 'TTFT', 'the prefill runs the same kernels on more rows')}`;
	const m = report.machine;
	const load = Math.max(m?.loadAverage1m?.start ?? 0, m?.loadAverage1m?.end ?? 0);
	const busy =
		load > 2 * (m?.cpus ?? 1)
			? ` Load average up to ${f(load, 1)} on ${m.cpus} cores: every side waited for a core, native most in absolute terms, so these ratios measure contention as much as the runtimes; only a run at low load says what the runtimes can do.`
			: '';
	return `**WASM ceiling.** ONNX Runtime Web's WASM build run by Node on the same file, with the app's session options, decode loop and warm-up (binary sha256 \`${bin?.node?.slice(0, 12) ?? 'n/a'}…\`, ${same}), decodes at ${list('wasmCeilingDecode')} native (median over rounds): ${decode} ${ttft} The browser reaches ${list('browserVsWasmDecode')} of that ceiling's decode speed (same round): that part is the browser's own loss.${busy}`;
}

export function header(report) {
	const m = report.machine;
	return `${report.date} · \`${report.command}\` · ${m.cpus} × ${m.cpu} · Node ${m.node} · Chromium ${m.chromium} · load average ${f(m.loadAverage1m?.start, 2)} at start, ${f(m.loadAverage1m?.end, 2)} at end`;
}

export function toMarkdown(report) {
	const llm =
		report.results.length === 0
			? ''
			: `## LLM: ${report.model}

Greedy decoding of exactly ${report.tokens} new tokens per prompt (${PROMPTS.length} fixed clinical prompts, one fresh page and load per run).
The first prompt after a load is reported apart; the other prompts give the steady-state medians. TTFT is measured from
the run call to the first generated token (template, tokenization, prefill); decode tokens/s over the tokens after the
first. Every side runs Bedside's decode loop (src/lib/inference/generation/) on the same int8 file: the browser in ONNX
Runtime Web (WASM), native in onnxruntime-node, and "WASM in Node" in ONNX Runtime Web's WASM build under Node, with
the browser's session options (bench/wasmNode.mjs): the ceiling of the browser's runtime. Load time includes the
warm-up (decode until step time settles).

${llmSection(report)}`;
	return `# Bedside benchmark\n\n${header(report)}\n\n${llm}`;
}
