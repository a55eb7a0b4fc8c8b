// Compare's specialists with the real models from public/models (bedside/ner-bc5cdr finds the drugs,
// bedside/ddi-relation types each pair of one sentence, bedside/hoc-hallmarks labels each sentence), offline.
// The note's sentences are textbook cases (a pharmacokinetic interaction, an advice, apoptosis, an administrative
// sentence); EXPECTED_* are what the trained models answer for them. Everything before the last block holds for
// any model of the right shape; the last block is the models' answers (a failure names the label they gave).
// The fixture counts off-origin requests.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

// Until the specialists are trained and synced into the catalogue (files pinned), Compare hides their panels.
// (Read as a file: Playwright's loader needs import attributes for JSON, which the app's catalogue.ts does not use.)
const catalogue = JSON.parse(readFileSync('src/lib/models/catalogue.json', 'utf8')) as { models: { id: string; files: unknown[] }[] };
const isTrained = ['bedside/hoc-hallmarks', 'bedside/ddi-relation'].every(
	(id) => (catalogue.models.find((m) => m.id === id)?.files.length ?? 0) > 0
);

const NOTE = [
	'Ketoconazole inhibits the metabolism of midazolam and increases its plasma concentrations.',
	'Warfarin should not be given with aspirin.',
	'Knockdown of survivin induced apoptosis in the tumour cells.',
	'The patient was discharged home on day three.'
].join(' ');
/** What the real models answer for the note (see the header; probabilities with the first trained models). */
const EXPECTED_PAIRS = [
	{ first: 'Ketoconazole', second: 'midazolam', label: 'mechanism' }, // mechanism 0.71, none 0.18
	{ first: 'Warfarin', second: 'aspirin', label: 'advise' } // advise 0.73, none 0.13
];
const EXPECTED_HALLMARK = { sentence: 2, label: 'Resisting cell death' }; // 0.99; the other sentences none

test('hallmarks per sentence and the interaction type of a drug pair in one sentence', async ({ page }) => {
	test.skip(
		!isTrained,
		'bedside/hoc-hallmarks and bedside/ddi-relation have no files in the catalogue yet (npm run catalogue:sync after training)'
	);
	await page.goto('/?device=wasm#view=compare');
	await page.getByLabel('Clinical note').fill(NOTE);
	await page.getByLabel('Question or instruction').fill('Which drugs interact?');
	await page.getByLabel('Run the LLM').uncheck();
	await page.getByRole('button', { name: 'Run comparison' }).click();

	// Interactions: the pairs NER found in one sentence, with the type the classifier reads.
	const interactions = page.getByRole('region', { name: 'Drug interactions' });
	await expect(interactions.getByTestId('interactions-summary')).toHaveText(/\b2 pairs in 2 sentences\b/);
	const pairs = EXPECTED_PAIRS.map(({ first, second }) => interactions.locator(`tr[data-pair="${first}|${second}"]`));
	for (const pair of pairs) await expect(pair).toHaveCount(1);
	await expect(pairs[0]!).toHaveAttribute(
		'title',
		'[E1] Ketoconazole [/E1] inhibits the metabolism of [E2] midazolam [/E2] and increases its plasma concentrations.'
	);
	for (const pair of pairs) {
		const probability = Number(await pair.locator('td').nth(3).textContent());
		expect(probability).toBeGreaterThan(0.2);
		expect(probability).toBeLessThanOrEqual(1);
	}
	await expect(interactions.getByLabel('Model stats: bedside/ddi-relation').getByTestId('backend')).toContainText('WASM');
	await expect(interactions).toContainText('non-commercial use only');

	// Hallmarks: one row per note sentence, each with the hallmarks over their thresholds.
	const hallmarks = page.getByRole('region', { name: 'Hallmarks of cancer' });
	const rows = hallmarks.getByRole('table', { name: 'Hallmarks per sentence' }).locator('tr[data-sentence-index]');
	await expect(rows).toHaveCount(4);
	await expect(rows.nth(1).locator('td').first()).toHaveText('Warfarin should not be given with aspirin.');
	await expect(hallmarks.getByTestId('hallmarks-summary')).toHaveText(/of 4 sentences with a hallmark/);
	await expect(hallmarks.getByLabel('Model stats: bedside/hoc-hallmarks').getByTestId('run-ms')).toContainText(/ms\/sentence/);
	await expect(hallmarks).toContainText('copyleft (GPL)');

	// The real models' answers for the sentences chosen for them.
	const labels = JSON.parse((await rows.nth(EXPECTED_HALLMARK.sentence).getAttribute('data-labels')) ?? '[]') as string[];
	expect(labels).toContain(EXPECTED_HALLMARK.label);
	expect(JSON.parse((await rows.nth(3).getAttribute('data-labels')) ?? '[]')).toEqual([]);
	for (const [i, expected] of EXPECTED_PAIRS.entries()) await expect(pairs[i]!).toHaveAttribute('data-label', expected.label);
});
