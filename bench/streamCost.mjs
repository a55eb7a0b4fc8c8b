// `node bench/streamCost.mjs` (after `npx vite build --outDir dist-bench`, or DIST=folder): a diagnostic, not part of
// `npm run bench`. What an answer streaming into the chat costs outside the worker: per 256-token answer of
// bedside/med-lm (WASM, 1 thread), the page's main-thread busy time (CDP Performance.getMetrics: TaskDuration,
// ScriptDuration, LayoutDuration) and the worker's `session.run` per step, with the harness waiting for the answer in
// two ways: a Playwright role locator (re-evaluated on every DOM change) and a 250 ms poll of one selector.
// Writes bench/results/stream-cost-latest.md with the load average.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, startPreview } from '../scripts/lib/browser.mjs';
import { CHROMIUM } from '../scripts/lib/setup.mjs';

const port = Number(process.env.PORT ?? 4181);
const preview = await startPreview({ port, dist: process.env.DIST ?? 'dist-bench' });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const metrics = async (cdp) => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const lines = [];
const load0 = loadavg()[0];
for (const wait of ['locator', 'poll']) {
	const page = await browser.newPage();
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await page.goto(`http://127.0.0.1:${port}/?device=wasm&threads=1&maxNewTokens=256&minNewTokens=256&temperature=0&library=off`);
	await page.getByRole('combobox', { name: 'Model' }).selectOption('bedside/med-lm');
	await page.getByRole('button', { name: 'Load model' }).click();
	await page
		.getByRole('status', { name: 'Model status' })
		.filter({ hasText: /^(ready|error)$/ })
		.waitFor({ timeout: 300_000 });
	for (let i = 0; i < 3; i++) {
		const m0 = await metrics(cdp);
		await page.getByLabel('Prompt', { exact: true }).fill(`What are the symptoms of asthma? (${i})`);
		await page.getByRole('button', { name: 'Send' }).click();
		const stats = page.getByRole('article', { name: `Turn ${i + 1}` }).getByLabel('Run stats');
		if (wait === 'poll') {
			const selector = '[aria-label="Run stats"]';
			await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, [selector, i + 1], {
				polling: 250,
				timeout: 300_000
			});
		} else await stats.waitFor({ timeout: 300_000 });
		const m1 = await metrics(cdp);
		const s = JSON.parse((await stats.getAttribute('data-stats')) ?? 'null');
		const d = (k) => (m1[k] - m0[k]).toFixed(3);
		const line = `- wait: ${wait}, answer ${i + 1}: ${s.tokens} tokens at ${s.tokensPerSecond.toFixed(1)} tokens/s, session.run ${(s.timings.runMs / s.timings.steps).toFixed(2)} ms a step; main thread busy ${d('TaskDuration')} s (script ${d('ScriptDuration')}, layout ${d('LayoutDuration')})`;
		console.log(line);
		lines.push(line);
	}
	await page.close();
}
await browser.close();
preview.stop();
writeFileSync(
	'bench/results/stream-cost-latest.md',
	`# Streaming cost outside the worker\n\n${new Date().toISOString()} · \`node bench/streamCost.mjs\` · load average ${load0.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end\n\n${lines.join('\n')}\n`
);
process.exit(0);
