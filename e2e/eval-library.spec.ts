// The Evaluate view's library set (medquad_library): MedQuAD dev questions answered by the real bedside/med-lm-2 from
// passages of the library built by `npm run library`, through the chat's LibraryChat (library worker, med-embed
// worker), scored by ROUGE-L, supported_share and cites_passages. A tiny sample: each item is a real generation.
// The fixture fails the test on any request off the page's origin.
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

const MODEL = 'bedside/med-lm-2';
const N = 2;

interface Run {
	set: string;
	model: string;
	method?: string;
	promptVersion?: string;
	metrics: { name: string; ci: { estimate: number; lower: number; upper: number } }[];
	items: { id: string; prediction?: unknown }[];
}

test(`a ${N}-item eval of medquad_library with med-lm-2 answering from the library`, async ({ page, offOrigin }) => {
	test.setTimeout(300_000);
	await page.goto('/?device=wasm#view=eval');
	const sets = page.getByRole('group', { name: 'Sets' });
	await expect(page.locator('[data-set="medquad_library"]')).toContainText('CC BY 4.0');
	for (const box of await sets.getByRole('checkbox').all()) await box.uncheck();
	await sets
		.locator('li', { has: page.locator('[data-set="medquad_library"]') })
		.getByRole('checkbox')
		.check();
	const models = page.getByRole('group', { name: 'Models' });
	for (const box of await models.getByRole('checkbox').all()) await box.uncheck();
	await models.locator(`label[data-model-id="${MODEL}"]`).getByRole('checkbox').check();
	await page.getByLabel('Sample size').fill(String(N));
	await page.getByLabel('Seed').fill('1');
	await page.getByRole('button', { name: 'Run evaluation' }).click();
	await expect(page.getByRole('status', { name: 'Evaluation status' })).toHaveText('done', { timeout: 240_000 });

	const table = page.getByRole('table', { name: 'Results' });
	await expect(table).toContainText('llm-library');
	for (const metric of ['rouge_l', 'supported_share', 'cites_passages']) await expect(table).toContainText(metric);

	const downloadPromise = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export JSON' }).click();
	const exported = JSON.parse(await readFile((await (await downloadPromise).path()) ?? '', 'utf8')) as Run[];
	const run = exported.find((r) => r.set === 'medquad_library' && r.model === MODEL);
	expect(run?.method).toBe('llm-library');
	expect(run?.promptVersion).toMatch(/library_answer$/);
	expect(run?.items).toHaveLength(N);
	// Real answers: each prediction has words (markers stripped), and the metrics are shares in [0, 1].
	for (const item of run?.items ?? []) expect(String(item.prediction).match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
	for (const { name, ci } of run?.metrics ?? []) {
		expect(ci.estimate, name).toBeGreaterThanOrEqual(0);
		expect(ci.estimate, name).toBeLessThanOrEqual(1);
	}
	expect(exported.some((r) => r.set === 'medquad_library' && r.model === 'baseline:question-echo')).toBe(true);
	expect(offOrigin.localUrls.some((u) => u.endsWith('/library/library.json'))).toBe(true);
});
