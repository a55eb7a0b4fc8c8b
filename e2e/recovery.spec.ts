// Recovery with the real model on WASM: a killed worker is reported and replaced while the typed prompt stays,
// and Stop during a load leaves a stopped state from which the model loads and answers. (Stop during a
// generation is in chat.spec.ts; a lost WebGPU device is in webgpu.spec.ts, which runs with a WebGPU adapter.)
import type { Page } from '@playwright/test';
import { expect, openAndLoad, test } from './fixtures';

interface Hooks {
	killWorker(): number;
}

async function hooks(page: Page): Promise<void> {
	await page.waitForFunction(() => typeof (window as { __bedside?: Hooks }).__bedside?.killWorker === 'function');
}

async function sendAndExpectAnswer(page: Page, turn: number): Promise<void> {
	await page.getByRole('button', { name: 'Send' }).click();
	const article = page.getByRole('article', { name: `Turn ${turn}`, exact: true });
	await expect(article.getByLabel('Run stats')).toContainText('tokens/s');
	expect(((await article.getByLabel('Answer').textContent()) ?? '').trim().length).toBeGreaterThan(0);
}

test('a killed worker is reported and restarted; the typed prompt is kept and a new load answers', async ({ page }) => {
	// library=off: the kill must land during the LLM's generation, not during the library's retrieval before it.
	await openAndLoad(page, 'device=wasm&maxNewTokens=16&temperature=0&testHooks=1&library=off');
	await hooks(page);
	const status = page.getByRole('status', { name: 'Model status' });
	const prompt = page.getByLabel('Prompt', { exact: true });
	await prompt.fill('What is the first-line treatment for hypertension?');

	const killed = await page.evaluate(() => (window as unknown as { __bedside: Hooks }).__bedside.killWorker());
	expect(killed).toBeGreaterThanOrEqual(1);
	await expect(page.getByRole('alert', { name: 'Notice' })).toContainText('The inference worker crashed and was restarted');
	await expect(status).toHaveText('error');
	await expect(page.getByRole('alert').filter({ hasText: 'stopped unexpectedly and was restarted' })).toBeVisible();
	await expect(prompt).toHaveValue('What is the first-line treatment for hypertension?');

	// The fresh worker loads the model again and answers the kept prompt.
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(status).toHaveText('ready');
	await expect(page.getByRole('alert', { name: 'Notice' })).toHaveCount(0);
	await sendAndExpectAnswer(page, 1);

	// A crash during a generation fails that turn only; its prompt stays on the turn.
	await page.getByLabel('Prompt', { exact: true }).fill('List common side effects of metformin.');
	await page.getByRole('button', { name: 'Send' }).click();
	await page.evaluate(() => (window as unknown as { __bedside: Hooks }).__bedside.killWorker());
	const failed = page.getByRole('article', { name: 'Turn 2', exact: true });
	await expect(failed).toContainText('List common side effects of metformin.');
	await expect(status).toHaveText('error');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(status).toHaveText('ready');
	await page.getByLabel('Prompt', { exact: true }).fill('What does an elevated troponin suggest?');
	await sendAndExpectAnswer(page, 3);
});

test('Stop during a model load leaves a stopped state; loading again works and answers', async ({ page, context }) => {
	// Hold the weights back for a while so the load is surely in flight when Stop is pressed; then let the
	// request through the off-origin guard's own route.
	let isHeld = true;
	await context.route('**/onnx/*.onnx', async (route) => {
		if (isHeld) await new Promise((r) => setTimeout(r, 4000));
		await route.fallback();
	});
	await page.goto('/?device=wasm&maxNewTokens=16&temperature=0');
	const status = page.getByRole('status', { name: 'Model status' });
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(status).toHaveText(/loading|warming/);
	await page.getByRole('button', { name: 'Stop loading' }).click();
	await expect(status).toHaveText('error');
	await expect(page.getByRole('alert').filter({ hasText: 'Loading was stopped' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Stop loading' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Load model' })).toBeEnabled();

	isHeld = false;
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(status).toHaveText('ready');
	await expect(page.getByRole('alert').filter({ hasText: 'Loading was stopped' })).toHaveCount(0);
	await page.getByLabel('Prompt', { exact: true }).fill('What is sepsis?');
	await sendAndExpectAnswer(page, 1);
});
