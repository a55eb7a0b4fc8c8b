// Inputs are checked where they are typed, with the reason beside them, and a refused value is never used.
import { expect, openView, test } from './fixtures';

test('threads, sample size, label lines and an empty JSONL file say what is wrong next to the field', async ({ page }) => {
	await page.goto('/?device=wasm');
	await page.getByText('Settings').click();
	const threads = page.getByLabel('WASM threads (0 = auto)');
	for (const bad of ['999', '-4']) {
		await threads.fill(bad);
		await expect(page.getByRole('alert', { name: 'Threads problem' })).toContainText(/Use a number from 0 to \d+.*Still using 0/);
	}
	await threads.fill('1');
	await expect(page.getByRole('alert', { name: 'Threads problem' })).toHaveCount(0);

	await page.goto('/#view=eval');
	const sample = page.getByLabel('Sample size');
	const run = page.getByRole('button', { name: 'Run evaluation' });
	await expect(page.getByRole('group', { name: 'Sets' }).getByRole('checkbox').first()).toBeVisible();
	for (const bad of ['-5', '1000000000', '']) {
		await sample.fill(bad);
		await expect(page.getByRole('alert', { name: 'Sample problem' })).toBeVisible();
		await expect(run).toBeDisabled();
	}
	await sample.fill('20');
	await expect(page.getByRole('alert', { name: 'Sample problem' })).toHaveCount(0);
	await page
		.getByLabel('Load JSONL file')
		.setInputFiles({ name: 'empty.jsonl', mimeType: 'application/json', buffer: Buffer.from('\n\n') });
	await expect(page.getByRole('alert', { name: 'File problem' })).toContainText('empty.jsonl is empty');

	await openView(page, 'Compare');
	await page.getByText('Models and labels').click();
	await page.locator('#compare-labels').fill(Array.from({ length: 306 }, (_, i) => `label${i}: description ${i}`).join('\n'));
	await expect(page.getByRole('status', { name: 'Labels problem' })).toContainText('306 labels typed; only the first 20 are scored');
});
