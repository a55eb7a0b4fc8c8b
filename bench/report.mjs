// Fixed prompt set, statistics and the Markdown report for `npm run bench`.
export const PROMPTS = [
	'What are the symptoms of type 2 diabetes?',
	'Can warfarin be taken together with aspirin?',
	'How is community-acquired pneumonia treated?'
];

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Tokens per second after the first token (which includes the prompt prefill); same as the worker. */
export function decodeRate(tokens, firstAt, lastAt) {
	if (firstAt === null || tokens < 2 || lastAt <= firstAt) return 0;
	return ((tokens - 1) * 1000) / (lastAt - firstAt);
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

export function toMarkdown(report) {
	if (report.results.length === 0) {
		return `# Bedside benchmark\n\n${report.date} · \`${report.command}\` · ${report.machine.cpus} × ${report.machine.cpu} · Node ${report.machine.node} · Chromium ${report.machine.chromium} · load average ${f(report.machine.loadAverage1m?.start, 2)} at start, ${f(report.machine.loadAverage1m?.end, 2)} at end\n`;
	}
	const rows = report.results.map(
		(r) => `| ${r.side} | ${r.backend} | ${r.dtype} | ${f(r.loadMs, 0)} | ${f(r.ttftMs, 1)} | ${f(r.tokensPerSecond, 1)} |`
	);
	const ratios = report.results
		.filter((r) => r.side === 'browser')
		.map((b) => {
			const n = report.results.find((r) => r.side === 'native' && r.threads === b.threads);
			if (!n) return null;
			const decode = b.tokensPerSecond / n.tokensPerSecond;
			const ttft = b.ttftMs / n.ttftMs;
			return `| ${b.threads} | ${f(decode, 2)}x ${decode >= 0.7 ? '(meets ≥ 0.7x)' : '(below 0.7x target)'} | ${f(ttft, 2)}x ${ttft <= 1.5 ? '(meets ≤ 1.5x)' : '(above 1.5x target)'} |`;
		})
		.filter(Boolean);
	return `# Bedside benchmark: ${report.model}

${report.date} · \`${report.command}\` · ${report.machine.cpus} × ${report.machine.cpu} · Node ${report.machine.node} · Chromium ${report.machine.chromium} · load average ${f(report.machine.loadAverage1m?.start, 2)} at start, ${f(report.machine.loadAverage1m?.end, 2)} at end

Greedy decoding of exactly ${report.tokens} new tokens per prompt (${PROMPTS.length} fixed clinical prompts); medians over prompts.
TTFT is measured from the run call to the first generated token (includes the prompt prefill); decode tokens/s over the tokens after the first.
Load time includes fetching the files, creating the session and a one-token warm-up.

| side | backend | dtype | load ms | TTFT ms | decode tokens/s |
|---|---|---|---|---|---|
${rows.join('\n')}

Browser / native (same thread count):

| threads | decode speed ratio | TTFT ratio |
|---|---|---|
${ratios.join('\n')}
`;
}
