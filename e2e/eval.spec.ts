/**
 * Evaluate view, real models, offline: a 20-item evaluation of one multiple-choice set and one NER set runs in
 * the UI, shows metrics with CIs and the chart, and its exported JSON equals what the headless runner
 * (`npm run eval`, which calls window.__bedsideEval.run in this same page) produces for the same items and seed,
 * timings aside.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

const MODELS = ['bedside/med-lm', 'bedside/ner-bc5cdr', 'bedside/med-embed'];
const SETS = ['medqa_usmle4', 'bc5cdr_chem'];

interface Run {
	set: string;
	model: string;
	latencyMsPerItem?: number;
	itemsPerSecond?: number;
	metrics: { name: string; ci: { estimate: number; lower: number; upper: number } }[];
	items: { id: string; latencyMs?: number }[];
}

/** Latencies and items/s differ from run to run; everything else must not. */
function withoutTimings(runs: Run[]) {
	return runs.map(({ latencyMsPerItem: _l, itemsPerSecond: _s, ...run }) => ({
		...run,
		items: run.items.map(({ latencyMs: _ms, ...item }) => item)
	}));
}

test('a 20-item eval of an MCQ and an NER set: metrics with CIs, chart, export equals the headless run', async ({ page }) => {
	test.setTimeout(300_000);
	await page.goto('/#view=eval');
	const sets = page.getByRole('group', { name: 'Sets' });
	await expect(sets.getByText('medqa_usmle4')).toBeVisible();
	// License and citation are shown per set.
	await expect(page.locator('[data-set="ddi2013"]')).toContainText('non-commercial');
	await expect(page.locator('[data-set="hoc"]')).toContainText('GPL-3.0');

	// A malformed user file: per-line messages, the good line still loads.
	await page.getByLabel('Load JSONL file').setInputFiles({
		name: 'mine.jsonl',
		mimeType: 'application/json',
		buffer: Buffer.from(
			'{"id":"a","task":"yesno","question":"Q?","context":"C","answer":"yes"}\n{"id":"b","task":"yesno","question":"Q?","context":"C","answer":"perhaps"}\nnot json\n'
		)
	});
	const fileErrors = page.getByRole('alert', { name: 'File errors' });
	await expect(fileErrors).toContainText('line 2, field "answer"');
	await expect(fileErrors).toContainText('line 3');
	await expect(sets.getByText('file:mine')).toBeVisible();

	// Select exactly the two sets.
	for (const box of await sets.getByRole('checkbox').all()) await box.uncheck();
	for (const id of SETS) await sets.locator('li', { hasText: id }).getByRole('checkbox').check();
	// And exactly the three models (the catalogue has more, e.g. the specialists and med-lm-2).
	const models = page.getByRole('group', { name: 'Models' });
	for (const box of await models.getByRole('checkbox').all()) await box.uncheck();
	for (const id of MODELS) await models.locator(`label[data-model-id="${id}"]`).getByRole('checkbox').check();
	await page.getByLabel('Sample size').fill('20');
	await page.getByLabel('Seed').fill('1');
	await page.getByRole('button', { name: 'Run evaluation' }).click();
	await expect(page.getByRole('status', { name: 'Evaluation status' })).toHaveText('done', { timeout: 240_000 });

	const table = page.getByRole('table', { name: 'Results' });
	await expect(table).toContainText('bedside/med-lm');
	await expect(table).toContainText('bedside/ner-bc5cdr');
	await expect(table).toContainText('entity_f1');
	await expect(table).toContainText(/accuracy/);
	await expect(table).toContainText(/\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]/);
	await expect(table).toContainText('wasm');
	const chart = page.getByRole('figure', { name: 'Results chart' });
	await expect(chart.locator('canvas')).toBeVisible();
	await expect(chart).toHaveAttribute('data-groups', '2');

	// Drill-down shows input, gold and prediction per item.
	await table
		.getByRole('row', { name: /medqa_usmle4 bedside\/med-lm/ })
		.getByRole('button', { name: 'Items' })
		.click();
	await expect(page.getByRole('region', { name: 'Items' }).getByRole('row')).toHaveCount(21);

	const downloadPromise = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export JSON' }).click();
	const download = await downloadPromise;
	const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as Run[];
	expect(exported.filter((run) => !run.model.startsWith('baseline:')).map((run) => `${run.set}|${run.model}`)).toEqual([
		'medqa_usmle4|bedside/med-lm',
		'medqa_usmle4|bedside/med-embed',
		'bc5cdr_chem|bedside/med-lm',
		'bc5cdr_chem|bedside/ner-bc5cdr'
	]);
	for (const run of exported) {
		for (const { ci } of run.metrics) expect(ci.lower).toBeLessThanOrEqual(ci.upper);
	}

	// The headless runner's entry point, same items and seed.
	const headless = await page.evaluate(
		(config) => (window as unknown as { __bedsideEval: { run(c: unknown): Promise<{ json: string }> } }).__bedsideEval.run(config),
		{ sets: SETS, models: MODELS, n: 20, seed: 1 }
	);
	expect(withoutTimings(JSON.parse(headless.json) as Run[])).toEqual(withoutTimings(exported));
});
