// Runs the bad-input corpus (e2e/badInputs.ts) against the chat: links first, then every prompt case on one
// page with the model loaded once (short answers), then damaged model files, each followed by a clean load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { MODEL_FILE_CASES, NOTE_CASES, PROMPT_CASES, URL_CASES } from './badInputs';
import { expect, noteTextOf, openAndLoad, test } from './fixtures';

const MODEL_DIR = join(process.cwd(), 'public/models/bedside/med-lm');

async function isPwned(page: Page): Promise<boolean> {
	return page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned === true);
}

test('links with a bad model id or settings say so and the app still loads the default model', async ({ page }) => {
	for (const c of URL_CASES) {
		await test.step(c.id, async () => {
			await page.goto(`/?${c.query}`);
			await expect(page.getByRole('combobox', { name: 'Model' })).toHaveValue('bedside/med-lm');
			if (c.message) await expect(page.getByRole('alert', { name: 'Link problem' })).toContainText(c.message);
			else await expect(page.getByRole('alert', { name: 'Link problem' })).toHaveCount(0);
			expect(await isPwned(page)).toBe(false);
		});
	}
	// The last link had nonsense settings: they were clamped, and the model loads and answers.
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
	await expect(page.getByLabel('Max new tokens')).toHaveValue('96');
});

test(`the chat handles ${PROMPT_CASES.length} bad prompts: clear messages, text kept, output as text`, async ({ page }) => {
	test.setTimeout(600_000);
	// library=off: these cases test the bare chat (a library answer adds citation buttons; e2e/library.spec.ts covers it).
	await openAndLoad(page, 'device=wasm&maxNewTokens=4&temperature=0&library=off');
	const box = page.getByLabel('Prompt', { exact: true });
	const send = page.getByRole('button', { name: 'Send' });
	let turns = 0;
	for (const c of PROMPT_CASES) {
		await test.step(c.id, async () => {
			await box.fill(c.text);
			const typed = await box.inputValue();
			if (c.expect === 'blocked') {
				await expect(send).toBeDisabled();
				if (c.message) await expect(page.locator('form .error')).toContainText(c.message);
				// Nothing was lost: the box still holds all of it.
				expect((await box.inputValue()).length).toBe(typed.length);
				return;
			}
			await expect(send).toBeEnabled();
			// Each case on its own: the chat is a conversation, and an earlier huge prompt would crowd this one out.
			await page.getByRole('button', { name: 'Clear' }).click();
			await send.click();
			turns += 1;
			const turn = page.getByRole('article', { name: `Turn ${turns}` });
			await expect(turn.getByLabel('Run stats')).toBeVisible();
			await expect(turn.locator('.error')).toHaveCount(0);
			// Kept: the turn shows the prompt exactly as it was in the box, as text.
			expect(await turn.locator('.prompt').evaluate((p) => p.textContent)).toBe(`You: ${typed}`);
			expect(await turn.locator('.prompt').evaluate((p) => p.querySelectorAll('*').length)).toBe(1);
			expect(await turn.getByLabel('Answer').evaluate((a) => a.children.length)).toBe(0);
			const notice = turn.getByLabel('Truncation notice');
			if (c.expect === 'truncated')
				await expect(notice).toContainText(/Prompt truncated: it is \d+ tokens and the model's context is 1024/);
			else await expect(notice).toHaveCount(0);
			expect(await isPwned(page)).toBe(false);
		});
	}
	// Still usable after all of it.
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
	expect(await page.locator('iframe, img, section[aria-label="Chat"] script').count()).toBe(0);
});

test('damaged or missing model files fail with a clear message, keep the prompt, and recover as the message says', async ({
	page,
	context
}) => {
	test.setTimeout(600_000);
	const box = page.getByLabel('Prompt', { exact: true });
	const status = page.getByRole('status', { name: 'Model status' });
	const note = 'My typed note: 3 days of fever.';
	for (const c of MODEL_FILE_CASES) {
		await test.step(c.id, async () => {
			await page.goto('/?device=wasm&maxNewTokens=4&temperature=0');
			await box.fill(note);
			const pattern = `**/models/bedside/med-lm/${c.file}`;
			const real = readFileSync(join(MODEL_DIR, c.file));
			await context.route(pattern, (route) =>
				'status' in c.serve
					? route.fulfill({ status: c.serve.status, body: 'Not found' })
					: route.fulfill({ status: 200, body: c.serve.body(real) })
			);
			await page.getByRole('button', { name: 'Load model' }).click();
			await expect(status).toHaveText('error');
			await expect(page.locator('section[aria-label="Model"] .error')).toContainText(c.message);
			await expect(box).toHaveValue(note);
			await context.unroute(pattern);
		});
	}
	// The file is good again (as after `npm run models`); reloading the page, as the message says, recovers.
	await page.reload();
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(status).toHaveText('ready');
	await box.fill(note);
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByRole('article', { name: 'Turn 1' }).getByLabel('Run stats')).toBeVisible();
});

test(`the compare view handles ${NOTE_CASES.length} bad notes: clear messages, the note kept, output as text`, async ({ page }) => {
	test.setTimeout(300_000);
	await page.goto('/?device=wasm#view=compare');
	await page.getByLabel('Run the LLM').uncheck();
	const box = page.getByLabel('Clinical note');
	const run = page.getByRole('button', { name: 'Run comparison' });
	for (const c of NOTE_CASES) {
		await test.step(c.id, async () => {
			await box.fill(c.note);
			const typed = await box.inputValue();
			if (c.expect === 'blocked') {
				await expect(run).toBeDisabled();
				if (c.message) await expect(page.getByRole('form', { name: 'Compare input' })).toContainText(c.message);
				expect((await box.inputValue()).length).toBe(typed.length);
				return;
			}
			await run.click();
			const note = page.getByTestId('highlighted-note');
			// The note comes back as text (entity marks and score tags only), never as the HTML it contains.
			await expect.poll(() => noteTextOf(note)).toBe(typed.trim());
			// Only the view's own elements: the paragraph, entity marks, their score tags, the answer span.
			expect(await note.locator('script, img, b, iframe').count()).toBe(0);
			expect(await note.locator('*:not(p.note-text):not(mark.entity):not(span.tag):not(span.answer)').count()).toBe(0);
			expect(await isPwned(page)).toBe(false);
			await expect(box).toHaveValue(typed);
		});
	}
});
