// "Answer from the library" in the chat with the real bedside/med-lm, bedside/med-embed and the library built by
// `npm run library`: passages retrieved for the question, the answer's own citation markers rendered as buttons
// that open their passage cards, grounding flags computed; then the same with the network off after one visit.
import type { Locator, Page } from '@playwright/test';
import { sendForNewTurn } from './chatTurns';
import { expect, openAndLoad, test } from './fixtures';

const QUERY = 'device=wasm&maxNewTokens=64&temperature=0';
const QUESTION = 'What are the symptoms of asthma?';

/** Asks the question in library mode and checks what the real run produced: passages, citations, grounding. */
async function askLibrary(page: Page): Promise<Locator> {
	await expect(page.getByLabel('Answer from the library')).toBeChecked();
	await page.getByLabel('Prompt', { exact: true }).fill(QUESTION);
	const turn = await sendForNewTurn(page);
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s', { timeout: 120_000 });

	// Retrieval: three passage cards, and BM25 + med-embed found passages about the question's topic.
	const cards = turn.getByRole('region', { name: 'Library passages' }).getByRole('article');
	await expect(cards).toHaveCount(3);
	const titles = await cards.locator('button.head').allTextContents();
	expect(titles.join(' | ').toLowerCase(), 'retrieved passages are about asthma').toContain('asthma');
	await expect(turn.getByText(/MedQuAD .*CC BY 4\.0/)).toBeVisible();

	// The grounding check ran on the real answer: one flag per sentence, the count shown equals the marked spans.
	const summary = turn.getByLabel('Grounding summary');
	await expect(summary).toBeVisible({ timeout: 60_000 });
	const sentences = Number(await summary.getAttribute('data-sentences'));
	const unsupported = Number(await summary.getAttribute('data-unsupported'));
	expect(sentences).toBeGreaterThan(0);
	await expect(turn.locator('[data-grounding]')).toHaveCount(sentences);
	await expect(turn.locator('[data-grounding="unsupported"]')).toHaveCount(unsupported);

	// Citations: every [n] (n = 1..3) the model wrote is a button; each opens its card.
	const answerText = (await turn.getByLabel('Answer').textContent()) ?? '';
	const markers = [...answerText.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= 3);
	const citeButtons = turn.getByRole('button', { name: /^Citation \d+$/ });
	await expect(citeButtons).toHaveCount(markers.length);
	test.info().annotations.push({
		type: 'answer',
		description: `${markers.length} citation(s), ${unsupported}/${sentences} unsupported: ${answerText}`
	});
	if (markers.length > 0) {
		const n = markers[0] as number;
		await citeButtons.first().click();
		await expect(cards.nth(n - 1).locator('button.head')).toHaveAttribute('aria-expanded', 'true');
	}

	// A card opens from its header too: the passage as text with the answer's words marked, source and license.
	const first = cards.first();
	if ((await first.locator('button.head').getAttribute('aria-expanded')) !== 'true') await first.locator('button.head').click();
	await expect(first.getByLabel('Passage text')).not.toBeEmpty();
	await expect(first).toContainText('License CC BY 4.0');
	await expect(first).toContainText(/github\.com\/abachaa\/MedQuAD\/blob\/[0-9a-f]{40}\/\d_\w+\/\d+\.xml/);
	return turn;
}

test('the chat answers from the library with passages, citations and grounding flags', async ({ page, offOrigin }) => {
	test.setTimeout(240_000);
	await openAndLoad(page, QUERY);
	await askLibrary(page);
	// The library came from this origin: its pinned file and the vectors.
	for (const file of ['library.json', 'vectors.bin', 'manifest.json'])
		expect(offOrigin.localUrls.some((u) => u.endsWith(`/library/${file}`))).toBe(true);

	// Closed book: the toggle turns the library off for the next question; no passages are shown then.
	await page.getByLabel('Answer from the library').uncheck();
	await page.getByLabel('Prompt', { exact: true }).fill(QUESTION);
	const turn2 = await sendForNewTurn(page);
	await expect(turn2.getByLabel('Run stats')).toContainText('tokens/s', { timeout: 120_000 });
	await expect(turn2.getByRole('region', { name: 'Library passages' })).toHaveCount(0);
});

test.describe('offline', () => {
	test.use({ serviceWorkers: 'allow' });

	test('after one visit the library answers with the network off', async ({ page, context }) => {
		test.setTimeout(300_000);
		await page.goto(`/?${QUERY}`);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller)
				await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
		});
		await openAndLoad(page, QUERY);
		await askLibrary(page);
		const inCache = await page.evaluate(async () =>
			Promise.all(
				['library.json', 'vectors.bin', 'manifest.json'].map(
					async (f) => (await caches.match(new URL(`/library/${f}`, location.href).href)) !== undefined
				)
			)
		);
		expect(inCache).toEqual([true, true, true]);

		await context.setOffline(true);
		await openAndLoad(page, QUERY);
		expect(
			await page.evaluate(() =>
				fetch('/models/README.md').then(
					(r) => `status ${r.status}`,
					() => 'failed'
				)
			)
		).toBe('failed');
		await askLibrary(page);
	});
});
