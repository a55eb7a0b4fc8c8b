// Accessibility: axe-core on every view in light and dark, and a keyboard-only walk through the chat.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openView, test } from './fixtures';

const VIEWS = ['Chat', 'Compare', 'Evaluate', 'Models'];

async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
	test(`axe finds no serious or critical violations on any view (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		await page.goto('/?device=wasm');
		for (const view of VIEWS) {
			await test.step(view, async () => {
				await openView(page, view);
				// Let the view's first render and install checks settle.
				await page.waitForLoadState('networkidle');
				expect(await seriousViolations(page), `${view} (${scheme})`).toEqual([]);
			});
		}
	});
}

test('keyboard only: load the model, type a prompt, send it and hear the answer', async ({ page }) => {
	await page.goto('/?device=wasm&maxNewTokens=8&temperature=0');
	const load = page.getByRole('button', { name: 'Load model' });
	// Tab from the top of the page until the Load button has focus; every stop must show a focus ring.
	for (let i = 0; i < 30 && !(await load.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
		const outline = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			return el && el !== document.body ? getComputedStyle(el).outlineStyle : 'none';
		});
		expect(outline).not.toBe('none');
	}
	await expect(load).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');

	const box = page.getByLabel('Prompt', { exact: true });
	for (let i = 0; i < 40 && !(await box.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
	await expect(box).toBeFocused();
	await page.keyboard.type('What are the symptoms of asthma?');
	const send = page.getByRole('button', { name: 'Send' });
	for (let i = 0; i < 40 && !(await send.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
	await expect(send).toBeFocused();
	await page.keyboard.press('Enter');

	const turn = page.getByRole('article', { name: 'Turn 1' });
	await expect(turn.getByLabel('Run stats')).toBeVisible();
	await expect(turn.getByLabel('Answer')).not.toHaveText('');
	// The answer streams into a live region, so screen readers announce it.
	await expect(page.locator('section[aria-label="Chat"]')).toHaveAttribute('aria-live', 'polite');
});
