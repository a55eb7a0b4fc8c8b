// Compare with "Also answer from the library": the real bedside/med-lm-2 answers an example's question closed-book
// (grounded against the note), then again from passages of the library built by `npm run library`, with its own
// citation markers as buttons that open passage cards and each sentence checked against the passages it cites.
// The fixture fails the test on any request off the page's origin.
import { findExample } from '../src/lib/clinical/library';
import { expect, openAndLoad, test } from './fixtures';
import { sendForNewTurn } from './chatTurns';

const EXAMPLE_ID = 'lab-thyroid';
const MODEL = 'bedside/med-lm-2';

test('the LLM answers closed-book and from the library, side by side, with citations that open passage cards', async ({
	page,
	offOrigin
}) => {
	test.setTimeout(300_000);
	const example = findExample(EXAMPLE_ID);
	if (!example) throw new Error(`The ${EXAMPLE_ID} example is missing from the prompt library.`);
	await page.goto('/?device=wasm&maxNewTokens=64&temperature=0#view=compare');
	await page.getByTestId('example-picker').selectOption(EXAMPLE_ID);
	// A question in the library's own (MedQuAD) style: the form med-lm-2 learnt to answer from passages, with citations.
	await page.getByLabel('Question or instruction').fill('What is (are) Hypothyroidism ?');
	await page.getByText('Models and labels').click();
	await page.getByRole('combobox', { name: /^LLM/ }).selectOption(MODEL);
	await page.getByLabel('Also answer from the library').check();
	await page.getByRole('button', { name: 'Run comparison' }).click();

	// The closed-book answer: real text, grounded against the note (given as numbered passages, llmMessages.ts). A
	// question in MedQuAD's style about a note may get "None" from med-lm-2, so one word is what is required here.
	const closed = page.getByLabel('LLM answer');
	await expect(page.getByTestId('grounding-summary')).toBeVisible({ timeout: 180_000 });
	expect(((await closed.textContent()) ?? '').match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(1);

	// The library answer: passages retrieved for the question, a real answer, and the check against the passages.
	const fromLibrary = page.getByRole('region', { name: 'Answer from the library' });
	await expect(fromLibrary).toHaveAttribute('data-phase', 'done', { timeout: 180_000 });
	await expect(fromLibrary.getByLabel('Library answer problem')).toHaveCount(0);
	await expect(fromLibrary.getByTestId('library-run-stats')).toContainText('tokens/s');
	const cards = fromLibrary.getByRole('region', { name: 'Library passages' }).getByRole('article');
	await expect(cards).toHaveCount(3);
	const titles = (await cards.locator('button.head').allTextContents()).join(' | ').toLowerCase();
	expect(titles, 'retrieved passages are about the thyroid').toMatch(/thyroid/);
	const answerText = ((await fromLibrary.getByLabel('Answer', { exact: true }).textContent()) ?? '').trim();
	expect(answerText.match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
	expect(answerText, 'two different prompts, two answers').not.toBe(((await closed.textContent()) ?? '').trim());
	const summary = fromLibrary.getByLabel('Grounding summary');
	await expect(summary).toBeVisible();
	const sentences = Number(await summary.getAttribute('data-sentences'));
	expect(sentences).toBeGreaterThan(0);
	await expect(fromLibrary.locator('[data-grounding]')).toHaveCount(sentences);

	// The model's own [n] markers are buttons; the first opens its passage card, with the passage as text.
	const markers = [...answerText.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])).filter((n) => n >= 1 && n <= 3);
	test.info().annotations.push({ type: 'answers', description: `closed book: ${await closed.textContent()} | library: ${answerText}` });
	expect(markers.length, 'med-lm-2 cites the passages it was given').toBeGreaterThan(0);
	const citeButtons = fromLibrary.getByRole('button', { name: /^Citation \d+$/ });
	await expect(citeButtons).toHaveCount(markers.length);
	await citeButtons.first().click();
	const card = cards.nth((markers[0] ?? 1) - 1);
	await expect(card.locator('button.head')).toHaveAttribute('aria-expanded', 'true');
	await expect(card.getByLabel('Passage text')).not.toBeEmpty();
	await expect(card).toContainText('License CC BY 4.0');

	// The library and the model came from this origin.
	expect(offOrigin.localUrls.some((u) => u.endsWith('/library/library.json'))).toBe(true);
	expect(offOrigin.localUrls.some((u) => u.endsWith(`/models/${MODEL}/onnx/model_quantized.onnx`))).toBe(true);

	// The downloaded result holds both answers and the library's passages.
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download result JSON' }).click();
	const result = JSON.parse(await (await import('node:fs/promises')).readFile(await (await download).path(), 'utf8'));
	const withoutMarkers = (text: string) => text.replace(/\[[\d\s,;]+\]/g, '').trim();
	expect(result.answer).toEqual({ source: 'model', text: await closed.textContent() });
	expect(withoutMarkers(result.library.text)).toBe(withoutMarkers(answerText));
	expect(result.library.passages).toHaveLength(3);
});

test('answering from the library needs a question', async ({ page }) => {
	await page.goto('/?device=wasm#view=compare');
	await page.getByTestId('example-picker').selectOption(EXAMPLE_ID);
	await page.getByLabel('Question or instruction').fill('');
	await expect(page.getByRole('button', { name: 'Run comparison' })).toBeEnabled();
	await page.getByLabel('Also answer from the library').check();
	await expect(page.getByRole('button', { name: 'Run comparison' })).toBeDisabled();
	await expect(page.getByText(/needs a question/)).toBeVisible();
});

test('a library that was never built: Compare and the chat say so, and answer closed-book', async ({ page, context }) => {
	test.setTimeout(240_000);
	// As without `npm run library`: the library's passages file is not there.
	await context.route('**/library/library.json', (route) => route.fulfill({ status: 404, body: 'Not found' }));
	await page.goto('/?device=wasm&maxNewTokens=16&temperature=0#view=compare');
	await page.getByTestId('example-picker').selectOption(EXAMPLE_ID);
	await page.getByLabel('Also answer from the library').check();
	await page.getByRole('button', { name: 'Run comparison' }).click();
	const problem = page.getByRole('region', { name: 'Answer from the library' }).getByLabel('Library answer problem');
	await expect(problem).toContainText(/The library could not be opened: .*HTTP 404.*the closed-book answer above stands/, {
		timeout: 180_000
	});
	expect(((await page.getByLabel('LLM answer').textContent()) ?? '').trim()).not.toBe('');
	await expect(page.getByTestId('grounding-summary')).toBeVisible();

	// The chat: the message says the library was turned off, the prompt stays, and Send then answers closed-book.
	await openAndLoad(page, 'device=wasm&maxNewTokens=16&temperature=0&library=on');
	const box = page.getByLabel('Prompt', { exact: true });
	await box.fill('What are the symptoms of asthma?');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByLabel('Library problem')).toContainText(/could not be opened.*HTTP 404/);
	await expect(box).toHaveValue('What are the symptoms of asthma?');
	await expect(page.getByLabel('Answer from the library')).not.toBeChecked();
	const turn = await sendForNewTurn(page);
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s', { timeout: 120_000 });
	await expect(turn.getByRole('region', { name: 'Library passages' })).toHaveCount(0);
});
