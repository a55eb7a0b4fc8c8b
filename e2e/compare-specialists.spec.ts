// Compare's specialists with the real models from public/models (bedside/ner-bc5cdr finds the drugs,
// bedside/ddi-relation types each pair of one sentence, bedside/hoc-hallmarks labels each sentence), offline.
// The note's sentences are textbook cases (a pharmacokinetic interaction, apoptosis, an administrative sentence);
// EXPECTED_* are what the trained models must answer for them. Everything before the last block holds for any
// model of the right shape; the last block is the models' answers (a failure names the label they gave).
// The fixture counts off-origin requests.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

// Until the specialists are trained and synced into the catalogue (files pinned), Compare hides their panels.
// (Read as a file: Playwright's loader needs import attributes for JSON, which the app's catalogue.ts does not use.)
const catalogue = JSON.parse(readFileSync('src/lib/models/catalogue.json', 'utf8')) as { models: { id: string; files: unknown[] }[] };
const isTrained = ['bedside/hoc-hallmarks', 'bedside/ddi-relation'].every((id) => (catalogue.models.find((m) => m.id === id)?.files.length ?? 0) > 0);

const NOTE = [
	'Ketoconazole markedly increases the plasma concentrations of midazolam.',
	'Knockdown of survivin induced apoptosis in the tumour cells.',
	'The patient was discharged home on day three.'
].join(' ');
/** What the real models answer for the note (see the header). */
const EXPECTED_PAIR = { first: 'Ketoconazole', second: 'midazolam', label: 'mechanism' };
const EXPECTED_HALLMARK = { sentence: 1, label: 'Resisting cell death' };

test('hallmarks per sentence and the interaction type of a drug pair in one sentence', async ({ page }) => {
	test.skip(!isTrained, 'bedside/hoc-hallmarks and bedside/ddi-relation have no files in the catalogue yet (npm run catalogue:sync after training)');
	await page.goto('/?device=wasm#view=compare');
	await page.getByLabel('Clinical note').fill(NOTE);
	await page.getByLabel('Question or instruction').fill('Which drugs interact?');
	await page.getByLabel('Run the LLM').uncheck();
	await page.getByRole('button', { name: 'Run comparison' }).click();

	// Interactions: the pair NER found in the first sentence, with the type the classifier reads.
	const interactions = page.getByRole('region', { name: 'Drug interactions' });
	await expect(interactions.getByTestId('interactions-summary')).toHaveText(/\b1 pair in 1 sentence(?!s)/);
	const pair = interactions.locator(`tr[data-pair="${EXPECTED_PAIR.first}|${EXPECTED_PAIR.second}"]`);
	await expect(pair).toHaveCount(1);
	await expect(pair).toHaveAttribute('title', `[E1] ${EXPECTED_PAIR.first} [/E1] markedly increases the plasma concentrations of [E2] ${EXPECTED_PAIR.second} [/E2].`);
	const probability = Number(await pair.locator('td').nth(3).textContent());
	expect(probability).toBeGreaterThan(0.2);
	expect(probability).toBeLessThanOrEqual(1);
	await expect(interactions.getByLabel('Model stats: bedside/ddi-relation').getByTestId('backend')).toContainText('WASM');
	await expect(interactions).toContainText('non-commercial use only');

	// Hallmarks: one row per note sentence, each with the hallmarks over their thresholds.
	const hallmarks = page.getByRole('region', { name: 'Hallmarks of cancer' });
	const rows = hallmarks.getByRole('table', { name: 'Hallmarks per sentence' }).locator('tbody tr');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0).locator('td').first()).toHaveText(NOTE.split('. ')[0] + '.');
	await expect(hallmarks.getByTestId('hallmarks-summary')).toHaveText(/of 3 sentences with a hallmark/);
	await expect(hallmarks.getByLabel('Model stats: bedside/hoc-hallmarks').getByTestId('run-ms')).toContainText(/ms\/sentence/);
	await expect(hallmarks).toContainText('copyleft (GPL)');

	// The real models' answers for the sentences chosen for them.
	const labels = JSON.parse((await rows.nth(EXPECTED_HALLMARK.sentence).getAttribute('data-labels')) ?? '[]') as string[];
	expect(labels).toContain(EXPECTED_HALLMARK.label);
	expect(JSON.parse((await rows.nth(2).getAttribute('data-labels')) ?? '[]')).toEqual([]);
	await expect(pair).toHaveAttribute('data-label', EXPECTED_PAIR.label);
});
