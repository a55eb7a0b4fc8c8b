/**
 * Compare's zero-shot labels and retrieval answer say when they do not know (clinical/uncertainty.ts, thresholds
 * learnt on dev by scripts/calibrateUncertainty.mjs): a note of emoji or of everyday prose gets "uncertain" and
 * "no answer found in the note", while a real clinical note still gets a label and an answer. Real med-embed model.
 */
import type { Page } from '@playwright/test';
import { findExample } from '../src/lib/clinical/library';
import { expect, test } from './fixtures';

async function runLightOnly(page: Page, note: string, question: string) {
	await page.goto('/?device=wasm#view=compare');
	await page.getByLabel('Clinical note').fill(note);
	await page.getByLabel('Question or instruction').fill(question);
	await page.getByLabel('Run the LLM').uncheck();
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await expect(page.getByLabel('Model stats: bedside/med-embed').getByTestId('run-ms')).toContainText('texts for QA', { timeout: 120_000 });
	await expect(page.getByTestId('light-error')).toHaveCount(0);
}

async function expectUncertain(page: Page) {
	const verdict = page.getByTestId('label-verdict');
	await expect(verdict).toHaveAttribute('data-state', 'uncertain');
	await expect(verdict).toContainText('Uncertain');
	// The scores are still there for whoever wants them, behind a closed toggle.
	await expect(page.getByTestId('label-score').first()).toBeHidden();
	await page.getByText('Show the scores anyway').click();
	await expect(page.getByTestId('label-score')).toHaveCount(3);
	// No sentence is passed off as the answer, in the answer box or highlighted in the note.
	await expect(page.getByTestId('qa-no-answer')).toHaveText('No answer found in the note.');
	await expect(page.getByTestId('qa-answer')).toHaveCount(0);
	await expect(page.getByTestId('highlighted-note').locator('[data-qa-answer], mark.answer')).toHaveCount(0);
}

test('a note of 3,500 emoji is "uncertain" with no answer', async ({ page }) => {
	const emoji = [...'😀😂🤔😴🐶🍕⚽🎸🚗🌈'];
	await runLightOnly(page, Array.from({ length: 3500 }, (_, i) => emoji[i % emoji.length]).join(''), 'How urgent is this?');
	await expectUncertain(page);
});

test('a note with no clinical content is "uncertain" with no answer', async ({ page }) => {
	const prose =
		'The train to the coast leaves at nine and arrives just after lunch. Preheat the oven, then whisk the eggs with ' +
		'sugar until pale. Our team won the final after extra time in front of a full stadium.';
	await runLightOnly(page, prose, 'Which anticoagulant is the patient taking?');
	await expectUncertain(page);
});

test('a real clinical note still gets a label and an answer, highlighted in the note', async ({ page }) => {
	// A discharge summary with the note-type labels: med-embed reads it as clinical and "discharge summary" clearly
	// leads; its best sentence for the question scores over the answer threshold.
	const example = findExample('discharge-pneumonia');
	if (!example) throw new Error('The prompt library has no discharge-pneumonia example.');
	await page.goto('/?device=wasm#view=compare');
	await page.getByTestId('example-picker').selectOption(example.id);
	await page.getByLabel('Run the LLM').uncheck();
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await expect(page.getByLabel('Model stats: bedside/med-embed').getByTestId('run-ms')).toContainText('texts for QA', { timeout: 120_000 });
	const verdict = page.getByTestId('label-verdict');
	await expect(verdict).toHaveAttribute('data-state', 'confident');
	await expect(verdict).toHaveText('Most likely: discharge summary');
	await expect(page.getByTestId('label-score')).toHaveCount(3);
	await expect(page.getByTestId('label-score').first()).toBeVisible();
	// The answer is a span of the note, and that span is highlighted in the note.
	const qa = page.getByTestId('qa-answer');
	const start = Number(await qa.getAttribute('data-start'));
	const end = Number(await qa.getAttribute('data-end'));
	expect(end).toBeGreaterThan(start + 10);
	await expect(qa).toHaveText(example.note.slice(start, end));
	await expect(page.getByTestId('highlighted-note').locator('[data-qa-answer], mark.answer')).not.toHaveCount(0);
	await expect(page.getByTestId('qa-no-answer')).toHaveCount(0);
});
