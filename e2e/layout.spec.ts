/**
 * No view is wider than the screen: at a phone (390 px), a tablet (768 px) and a laptop (1366 px) width, every view,
 * with real results where they are cheap to get (Compare's fixture answer and lightweight side, a 5-item Evaluate
 * run with its drill-down, a short chat answer), has no horizontal scroll. A failure names the elements that stick
 * out, so the fix can go where the overflow is.
 */
import type { Page } from '@playwright/test';
import { expect, openView, test } from './fixtures';

const WIDTHS = [390, 768, 1366];

/** The document's width against the viewport's, and the innermost elements whose right edge is past it. */
function measure(page: Page) {
	return page.evaluate(() => {
		const limit = window.innerWidth;
		const describe = (el: Element) => {
			const id = el.id ? `#${el.id}` : '';
			const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
			const label = el.getAttribute('aria-label') ?? el.getAttribute('data-testid');
			return `${el.tagName.toLowerCase()}${id}${cls}${label ? `[${label}]` : ''} right=${Math.round(el.getBoundingClientRect().right)}`;
		};
		// An element inside a scroll container that is itself within the screen does not widen the page.
		const isClipped = (el: Element) => {
			for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
				const overflow = getComputedStyle(a).overflowX;
				if (overflow !== 'visible' && a.getBoundingClientRect().right <= limit) return true;
			}
			return false;
		};
		const wide = [...document.body.querySelectorAll('*')].filter((el) => {
			const rect = el.getBoundingClientRect();
			return rect.width > 0 && rect.right > limit + 0.5 && !isClipped(el);
		});
		// Innermost first: an element none of whose descendants also sticks out is where the overflow starts.
		const innermost = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
		// Scroll containers that hide part of their content sideways (a table that only scrolls).
		const scrolled = [...document.body.querySelectorAll('*')].filter((el) => {
			const overflow = getComputedStyle(el).overflowX;
			return (overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length > 0;
		});
		return {
			scrollWidth: document.documentElement.scrollWidth,
			innerWidth: limit,
			culprits: innermost.slice(0, 8).map(describe),
			scrolled: scrolled.map((el) => `${describe(el)} (${el.scrollWidth} px in ${el.clientWidth})`)
		};
	});
}

/** Checks the current page at every width; returns to the widest at the end. */
async function expectNoOverflowAtEveryWidth(page: Page, what: string): Promise<void> {
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		// Two frames: the layout (and chart.js's resize observer) settle after a resize.
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
		const m = await measure(page);
		expect(
			m.scrollWidth,
			`${what} at ${width} px is ${m.scrollWidth} px wide; sticking out: ${m.culprits.join(', ') || 'none found'}`
		).toBeLessThanOrEqual(m.innerWidth);
		// On a phone a wide table may scroll inside its own box; on a laptop everything is in view at once.
		if (width >= 1366) expect(m.scrolled, `${what} at ${width} px hides content behind a sideways scroll`).toEqual([]);
	}
}

test.use({ viewport: { width: 1366, height: 900 } });

test('Chat, with its model picker, settings and a streamed answer, fits every width', async ({ page }) => {
	await page.goto('/?device=wasm&library=off&maxNewTokens=24&temperature=0');
	await page.locator('details.panel summary', { hasText: 'Settings' }).click();
	await page.getByRole('textbox', { name: 'Prompt' }).fill('What are the first signs of sepsis in an older adult with pneumonia?');
	await page.getByRole('button', { name: 'Send' }).click();
	// The finished turn: its answer and the run figures under it.
	const turn = page.getByRole('article', { name: 'Turn 1' });
	await expect(turn.getByLabel('Run stats')).toBeVisible({ timeout: 90_000 });
	await expect(turn.getByLabel('Answer', { exact: true })).not.toBeEmpty();
	await expectNoOverflowAtEveryWidth(page, 'Chat');
});

test('Compare, with a grounded answer and the lightweight side, fits every width', async ({ page }) => {
	await page.goto('/?device=wasm#view=compare');
	await page.getByTestId('example-picker').selectOption('interaction-warfarin');
	await page.getByText('Models and labels').click();
	await page.getByRole('button', { name: 'Use fixture answer' }).click();
	await expect(page.getByTestId('grounding-summary')).toBeVisible();
	// The answer from the note, or "no answer found" when its best sentence scores under the threshold (uncertainty.ts).
	await expect(page.getByTestId('qa-answer').or(page.getByTestId('qa-no-answer'))).toBeVisible();
	await expect(page.getByRole('table', { name: 'Entities' }).getByRole('row')).not.toHaveCount(1);
	await expectNoOverflowAtEveryWidth(page, 'Compare');
});

test('Evaluate, with results, the chart and the item drill-down, fits every width', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto('/?device=wasm#view=eval');
	const sets = page.getByRole('group', { name: 'Sets' });
	await expect(sets.getByText('medqa_usmle4', { exact: true })).toBeVisible();
	for (const box of await sets.getByRole('checkbox').all()) await box.uncheck();
	for (const id of ['medqa_usmle4', 'bc5cdr_chem']) await sets.locator('li', { hasText: id }).getByRole('checkbox').check();
	const models = page.getByRole('group', { name: 'Models' });
	for (const box of await models.getByRole('checkbox').all()) await box.uncheck();
	for (const id of ['bedside/ner-bc5cdr', 'bedside/med-embed'])
		await models.locator(`label[data-model-id="${id}"]`).getByRole('checkbox').check();
	await page.getByLabel('Sample size').fill('5');
	await page.getByRole('button', { name: 'Run evaluation' }).click();
	await expect(page.getByRole('status', { name: 'Evaluation status' })).toHaveText('done', { timeout: 150_000 });
	const table = page.getByRole('table', { name: 'Results' });
	await expect(table).toContainText('baseline:majority');
	// The drill-down shows each item's whole input (question and options), the widest text in the view.
	await table
		.getByRole('row', { name: /medqa_usmle4 bedside\/med-embed/ })
		.getByRole('button', { name: 'Items' })
		.click();
	await expect(page.getByRole('region', { name: 'Items' }).getByRole('row')).toHaveCount(6);
	await expectNoOverflowAtEveryWidth(page, 'Evaluate');
});

test('Models, with the catalogue table and the own-model check, fits every width', async ({ page }) => {
	await page.goto('/?device=wasm#view=models');
	await expect(page.locator('tr[data-model-id="bedside/med-lm"] td.install')).toHaveAttribute('data-state', 'installed');
	await expectNoOverflowAtEveryWidth(page, 'Models');
	// On a phone the table reads as cards, one per model, each cell named: nothing scrolls sideways, even inside.
	await page.setViewportSize({ width: 390, height: 900 });
	const m = await measure(page);
	expect(m.scrolled, 'Models at 390 px hides content behind a sideways scroll').toEqual([]);
	const card = page.locator('tr[data-model-id="bedside/med-lm"]');
	expect(await card.evaluate((el) => getComputedStyle(el).display)).toBe('block');
	const box = await card.boundingBox();
	expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
	expect(await card.locator('td.install').evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"Installed: "');
});

test('The download page, with its file list, fits every width', async ({ page }) => {
	await page.goto('/download.html?model=onnx-community%2FQwen2.5-0.5B-Instruct');
	await expect(page.getByLabel('Download size')).toContainText('to download');
	await expectNoOverflowAtEveryWidth(page, 'download.html');
});

test('Switching views keeps each one within a phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 900 });
	await page.goto('/?device=wasm');
	for (const view of ['Chat', 'Compare', 'Evaluate', 'Models']) {
		await openView(page, view);
		const m = await measure(page);
		expect(m.scrollWidth, `${view} (empty) at 390 px; sticking out: ${m.culprits.join(', ')}`).toBeLessThanOrEqual(m.innerWidth);
	}
});
