/**
 * Private by default: what the user types stays out of the URL and history (only Share puts it in a link or a
 * file, after a notice), damaged links say so and leave the page usable, and the chat and drafts survive a reload
 * in this browser's own storage until "Forget everything". Real models; the fixture counts off-origin requests.
 */
import { findExample } from '../src/lib/clinical/library';
import { expect, test } from './fixtures';

const example = findExample('interaction-warfarin')!;
/** A phrase of the note that would show in a URL as text or (base64url of JSON) as its encoding. */
const noteWords = example.note.split(/\s+/).slice(0, 3).join(' ');

test('Compare keeps the note out of the URL and history; Share makes a link that restores it', async ({ page, context }) => {
	const urls: string[] = [];
	page.on('framenavigated', (frame) => urls.push(frame.url()));
	await page.goto('/?device=wasm&maxNewTokens=8&temperature=0#view=compare');
	const historyAtStart = await page.evaluate(() => history.length);
	await page.getByTestId('example-picker').selectOption(example.id);
	await page.getByLabel('Question or instruction').fill('Own question about bleeding risk?');
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await expect(page.getByLabel('Model stats: bedside/med-lm').getByTestId('run-ms')).toContainText('tokens/s');
	await page.waitForTimeout(500); // past any debounce that could write the address bar
	const href = await page.evaluate(() => location.href);
	urls.push(href);
	for (const url of urls) {
		expect(url).not.toContain('compare=');
		expect(decodeURIComponent(url)).not.toContain(noteWords);
		expect(decodeURIComponent(url)).not.toContain('bleeding');
	}
	expect(await page.evaluate(() => history.length), 'no history entries were added').toBe(historyAtStart);

	// Share: a notice of what the link holds, then the link.
	await page.getByText('Share…').click();
	await expect(page.getByTestId('share-notice')).toContainText('note, question, labels and model choices');
	await page.getByRole('button', { name: 'Copy link' }).click();
	const link = await page.getByLabel('Share link').inputValue();
	expect(link).toContain('compare=v1.');
	expect(await page.evaluate(() => location.href)).not.toContain('compare=');

	// The link, opened in a fresh browser, restores the input and then leaves the address bar.
	const other = await context.browser()!.newContext();
	const fresh = await other.newPage();
	await fresh.goto(link);
	await expect(fresh.getByLabel('Clinical note')).toHaveValue(example.note);
	await expect(fresh.getByLabel('Question or instruction')).toHaveValue('Own question about bleeding risk?');
	await expect(fresh.getByRole('status', { name: 'Shared link' })).toContainText('taken out of the address bar');
	expect(await fresh.evaluate(() => location.href)).not.toContain('compare=');
	await other.close();
});

test('damaged, wrong-version and oversized links show a message and leave the page usable', async ({ page }) => {
	const cases = [
		['v1.%%%not-base64', /damaged/],
		['v7.eyJuIjoiYSJ9', /different Bedside version/],
		[`v1.${'A'.repeat(30_000)}`, /over the 24000/]
	] as const;
	for (const [value, message] of cases) {
		await page.goto('about:blank'); // a new document each time, not a same-page hash change
		await page.goto(`/?device=wasm#view=compare&compare=${value}`);
		const problem = page.getByRole('alert', { name: 'Link problem' });
		await expect(problem).toContainText(message);
		await page.waitForTimeout(600); // the message stays (nothing clears it on a timer)
		await expect(problem).toContainText(message);
		await page.getByLabel('Clinical note').fill('Patient on warfarin with atrial fibrillation.');
		await page.getByLabel('Question or instruction').fill('Any interaction?');
		await expect(page.getByRole('button', { name: 'Run comparison' })).toBeEnabled();
	}
});

test('Chat: Enter sends and loads the model; a reload mid-answer keeps the conversation and the draft; Forget empties both', async ({
	page
}) => {
	test.setTimeout(180_000);
	await page.goto('/?device=wasm&maxNewTokens=12&temperature=0');
	const box = page.getByLabel('Prompt', { exact: true });
	await box.fill('What is sepsis?');
	await box.press('Shift+Enter');
	await box.pressSequentially('Answer briefly.');
	await expect(box).toHaveValue('What is sepsis?\nAnswer briefly.');
	await box.press('Enter'); // no Load click: the first send loads the model
	const first = page.getByRole('article', { name: 'Turn 1' });
	await expect(first.getByLabel('Run stats')).toBeVisible({ timeout: 90_000 });
	await expect(first.locator('.prompt')).toHaveText('You: What is sepsis?\nAnswer briefly.');
	await expect(box).toHaveValue('');

	// A long second answer, reloaded mid-way, with a half-typed prompt in the box.
	await page.goto('/?device=wasm&maxNewTokens=1024&minNewTokens=1024&temperature=0.8');
	await box.fill('Describe the management of heart failure in detail.');
	await box.press('Enter');
	const second = page.getByRole('article', { name: 'Turn 2' });
	await expect(second.getByLabel('Answer')).not.toBeEmpty({ timeout: 90_000 });
	await box.fill('and what about diuretics');
	const partial = ((await second.getByLabel('Answer').textContent()) ?? '').trim();
	await page.reload();
	await expect(page.getByRole('article', { name: 'Turn 1' }).locator('.prompt')).toContainText('What is sepsis?');
	const restored = page.getByRole('article', { name: 'Turn 2' });
	expect(((await restored.getByLabel('Answer').textContent()) ?? '').trim().startsWith(partial)).toBe(true);
	await expect(restored).toContainText('reloaded while this answer was being written');
	await expect(box).toHaveValue('and what about diuretics');
	expect(await page.evaluate(() => location.href)).not.toContain('diuretics');

	await page.getByRole('button', { name: 'Forget everything' }).click();
	await expect(page.getByRole('article')).toHaveCount(0);
	await expect(box).toHaveValue('');
	await page.reload();
	await expect(page.getByRole('article')).toHaveCount(0);
	await expect(box).toHaveValue('');
	expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('bedside.draft.')))).toEqual([]);
});
