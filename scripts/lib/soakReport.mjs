// The soak's report (scripts/soak.mjs): growth verdicts against the target and the Markdown written beside the JSON.

export function mb(bytes) {
	return typeof bytes === 'number' ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : 'n/a';
}

function verdict(g, targetPercent) {
	if (!g) return 'n/a';
	return `${g.percent >= 0 ? '+' : ''}${g.percent.toFixed(1)} % (${mb(g.baselineBytes)} → ${mb(g.finalBytes)}) ${Math.abs(g.percent) < targetPercent || g.percent < 0 ? 'met' : '**not met**'}`;
}

/** The soak report as Markdown; `prebuilt`: the run served a dist built before it (--skip-build). */
export function soakMarkdown(report, { targetPercent, prebuilt }) {
	const judge = (g) => verdict(g, targetPercent);
	const lines = [
		`# Soak ${report.date}`,
		'',
		`\`${report.command}\` — ${report.machine.cpus}-core ${report.machine.cpu}, Chromium ${report.machine.chromium}, load average ${report.machine.loadAverage1m.start.toFixed(2)} → ${report.machine.loadAverage1m.end.toFixed(2)}, HEAD at start ${report.commit}${prebuilt ? ' (prebuilt dist)' : ''}, driver ${report.driver} (one page evaluate per run pressing the app's buttons, or Playwright locators).`,
		'',
		`Growth after warm-up, target < ${targetPercent} %: settled sample after run ${report.warmup} vs settled sample after the last run (each after ${report.settleMs / 1000} s idle and a forced GC). Time is the runs' own time, without the idle waits.`,
		'',
		"The warm-up is there for V8's tier-up: functions that run a few times per run are compiled again by the optimising",
		'tiers for the first hundred or so runs (compiled code, not JS objects, is what grew after a 20-run warm-up, and with',
		'those tiers off the heap stayed flat). What holds the heap, how that was found and the runs behind it: `docs/soak.md`.',
		'',
		'| phase | runs | time | page JS heap | page and workers (measureUserAgentSpecificMemory) |',
		'|---|---|---|---|---|'
	];
	for (const phase of report.phases) {
		lines.push(
			`| ${phase.name} | ${phase.runs} | ${(phase.ms / 1000).toFixed(0)} s | ${judge(phase.growth.usedJSHeapSize)} | ${judge(phase.growth.uaSpecificBytes)} |`
		);
	}
	lines.push(
		'',
		`Trend while running (no idle wait: median of the last 3 samples vs the first 3 after warm-up, one sample every ${report.sampleEvery} runs). The compare view keeps each run's results until its memory reading times out (30 s), so its running figure includes up to 30 s of recent runs:`,
		'',
		'| phase | page JS heap | page and workers |',
		'|---|---|---|'
	);
	for (const phase of report.phases)
		lines.push(`| ${phase.name} | ${judge(phase.trend.usedJSHeapSize)} | ${judge(phase.trend.uaSpecificBytes)} |`);
	lines.push(
		'',
		`## Page heap snapshots (after run ${report.warmup} and after the last run)`,
		'',
		'The page JS heap figure (`usedJSHeapSize`) also counts compiled code and Blink objects on the V8/Oilpan heap. Heap',
		"snapshots split it: the app's JS objects (objects, closures, arrays, strings), compiled code (JIT, grows while",
		'hot paths are optimised), and Blink natives (DOM, performance-timeline entries from clicks and paints, ...).',
		'',
		'| phase | JS objects | compiled code | Blink natives |',
		'|---|---|---|---|'
	);
	const cell = (c) => `${mb(c.beforeBytes)} → ${mb(c.afterBytes)} (${c.percent >= 0 ? '+' : ''}${c.percent} %)`;
	for (const phase of report.phases) {
		const c = phase.heapSnapshots.categories;
		lines.push(`| ${phase.name} | ${cell(c.js)} | ${cell(c.code)} | ${cell(c.native)} |`);
	}
	for (const phase of report.phases) {
		lines.push('', `Largest increases, ${phase.name}:`, '');
		for (const t of phase.heapSnapshots.topGrowth.slice(0, 8))
			lines.push(`- ${(t.deltaBytes / 1024).toFixed(1)} KiB ${t.name.replace(/[|<>]/g, ' ')}`);
	}
	// With --snapshot-every, some samples also carry the heap split (JS objects, compiled code, Blink natives).
	const split = report.samples.some((s) => s.heap);
	const mb2 = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
	const splitCells = (s) => (s.heap ? ` ${mb2(s.heap.js)} | ${mb2(s.heap.code)} | ${mb2(s.heap.native)} |` : ' | | |');
	lines.push(
		'',
		'## Samples',
		'',
		`| phase | run | page JS heap | page and workers |${split ? ' JS objects | compiled code | Blink natives |' : ''}`,
		`|---|---|---|---|${split ? '---|---|---|' : ''}`
	);
	for (const s of report.samples)
		lines.push(
			`| ${s.phase} | ${s.run}${s.settled ? ' (settled)' : ''} | ${mb(s.usedJSHeapSize)} | ${mb(s.uaSpecificBytes)} |${split ? splitCells(s) : ''}`
		);
	return `${lines.join('\n')}\n`;
}
