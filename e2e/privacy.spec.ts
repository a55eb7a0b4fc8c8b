// The header's privacy indicator: zero requests off this origin through a model load and a generation, with the
// worker's traffic counted, and an attempt (blocked by the CSP) in the page or the worker shows up at once.
import { expect, openAndLoad, test } from './fixtures';

test('the network indicator shows 0 off-origin requests and counts the worker too', async ({ page, offOrigin }) => {
	await page.goto('/?device=wasm');
	const indicator = page.getByRole('status', { name: 'Off-origin requests' });
	await expect(indicator).toHaveText('0');
	const stayed = page.getByText(/\d+ requests? stayed on this origin/);
	const localBefore = Number(/(\d+) request/.exec((await stayed.textContent()) ?? '')?.[1]);

	await openAndLoad(page, 'device=wasm&maxNewTokens=8&temperature=0');
	await page.getByLabel('Prompt', { exact: true }).fill('What is sepsis?');
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(page.getByRole('article', { name: 'Turn 1' }).getByLabel('Run stats')).toBeVisible();
	await expect(indicator).toHaveText('0');
	// The model files are fetched by the worker only: the local count grows by them.
	await expect.poll(async () => Number(/(\d+) request/.exec((await stayed.textContent()) ?? '')?.[1])).toBeGreaterThan(localBefore + 3);

	// An attempt from the worker: its CSP refuses it, the worker reports it, the header shows it.
	const worker = page.workers().find((w) => w.url().includes('Worker'));
	expect(worker, 'inference worker').toBeDefined();
	await worker?.evaluate(() => fetch('http://example.invalid/leak').catch(() => null));
	await expect(page.getByLabel('Blocked requests')).toHaveText('1');
	await page.locator('.network summary').click();
	await expect(page.getByRole('list', { name: 'Off-origin request list' })).toContainText(
		'blocked from bedside-wasm: http://example.invalid/leak'
	);
	await expect(indicator).toHaveText('0');
	// The fixture's guard may also see the refused attempt in the worker's console (it was meant): let it
	// arrive, then clear it.
	await page.waitForTimeout(500);
	offOrigin.reset();
});
