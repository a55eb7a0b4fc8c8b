/**
 * Long notes are analysed whole by the lightweight models (src/lib/clinical/chunks.ts): a 1,000-line note and a
 * 7,400-character sentence get every entity, and the LLM's length limit applies only when the LLM runs, in
 * words about pages rather than tokens. Real NER and embedding models.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const LINE = 'Patient takes warfarin for atrial fibrillation.';

async function runLightOnly(page: Page, note: string, isOverLlmLimit: boolean) {
	await page.goto('/?device=wasm#view=compare');
	await page.getByLabel('Clinical note').fill(note);
	await page.getByLabel('Question or instruction').fill('Which drugs?');
	// With the LLM on, the limit is the LLM's, and says how to go on.
	if (isOverLlmLimit) await expect(page.getByText(/The LLM reads at most about 3 pages .* untick "Run the LLM"/)).toBeVisible();
	await page.getByLabel('Run the LLM').uncheck();
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await expect(page.getByLabel('Model stats: bedside/med-embed').getByTestId('run-ms')).toContainText('texts for QA', { timeout: 150_000 });
	await expect(page.getByTestId('light-error')).toHaveCount(0);
}

const marks = (page: Page, type: string, text: string) =>
	page.getByTestId('highlighted-note').locator(`mark[data-entity-type="${type}"]`, { hasText: new RegExp(`^${text}`) });

test('a 1,000-line note: every line reaches NER', async ({ page }) => {
	test.setTimeout(240_000);
	await runLightOnly(page, Array.from({ length: 1000 }, () => LINE).join('\n'), true);
	await expect(marks(page, 'Chemical', 'warfarin')).toHaveCount(1000, { timeout: 30_000 });
	await expect(marks(page, 'Disease', 'atrial fibrillation')).toHaveCount(1000);
});

test('a 7,400-character sentence: the entities at its end are found', async ({ page }) => {
	test.setTimeout(180_000);
	const filler = 'The patient remained stable on the ward ' + 'and the patient remained stable on the ward '.repeat(167);
	const note = `${filler}and was then given warfarin for atrial fibrillation`;
	expect(note.length).toBeGreaterThan(7400);
	await runLightOnly(page, note, false);
	await expect(marks(page, 'Chemical', 'warfarin')).toHaveCount(1);
	await expect(marks(page, 'Disease', 'atrial fibrillation')).toHaveCount(1);
});
