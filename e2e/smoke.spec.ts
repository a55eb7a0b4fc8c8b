// Harness canary: the page serves with isolation headers, and the off-origin guard really counts.
import { expect, test } from './fixtures';

test('page loads cross-origin isolated with the not-medical-advice notice', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Bedside' })).toBeVisible();
	await expect(page.getByRole('note', { name: 'Not medical advice' })).toContainText('Not medical advice');
	expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('off-origin guard counts what the CSP blocks and what reaches the network', async ({ page, offOrigin }) => {
	await page.goto('/');
	// Blocked by the page's Content-Security-Policy before any network activity.
	await page.evaluate(() => fetch('http://example.invalid/page').catch(() => null));
	// Not covered by connect-src: reaches the network layer, where the route aborts it.
	await page.goto('http://example.invalid/navigation').catch(() => null);
	await expect
		.poll(() => offOrigin.urls)
		.toEqual(expect.arrayContaining(['http://example.invalid/page', 'http://example.invalid/navigation']));
	offOrigin.reset();
});
