// The production build under its strict Content-Security-Policy: the policy is sent (header and meta tag), the
// model loads and generates on threaded WASM, and nothing (page or workers) violates it.
import type { ConsoleMessage, Page } from '@playwright/test';
import { contentSecurityPolicy } from '../src/lib/security/csp';
import { expect, openAndLoad, test } from './fixtures';

/** Collects CSP violations: `securitypolicyviolation` events in the page, and console reports of the page and its workers. */
async function watchViolations(page: Page): Promise<string[]> {
	const violations: string[] = [];
	await page.exposeFunction('__bedsideCspViolation', (text: string) => violations.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { __bedsideCspViolation(text: string): void }).__bedsideCspViolation;
			report(`${event.effectiveDirective} blocked ${event.blockedURI}`);
		});
	});
	const onConsole = (message: ConsoleMessage) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
	};
	page.on('console', onConsole);
	page.on('worker', (worker) => worker.on('console', onConsole));
	return violations;
}

test('the built app sends its strict CSP and the chat runs on threaded WASM with no violation', async ({ page }) => {
	const violations = await watchViolations(page);
	const workerPolicies: (string | undefined)[] = [];
	page.on('response', (response) => {
		if (/\/assets\/.*[wW]orker.*\.js$/.test(response.url())) workerPolicies.push(response.headers()['content-security-policy']);
	});
	const response = await page.goto('/?device=wasm');
	const header = response?.headers()['content-security-policy'] ?? '';
	expect(header).toBe(contentSecurityPolicy(true));
	for (const directive of ["default-src 'self'", "connect-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"]) {
		expect(header).toContain(directive);
	}
	expect(header).not.toContain("'unsafe-inline'");
	expect(header).not.toContain("'unsafe-eval'");
	const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
	expect(meta).toBe(contentSecurityPolicy(false));

	await openAndLoad(page, 'device=wasm&threads=2&maxNewTokens=16&temperature=0');
	await expect(page.getByLabel('Active backend')).toContainText('2 threads');
	await page.getByLabel('Prompt', { exact: true }).fill('What is hypertension?');
	await page.getByRole('button', { name: 'Send' }).click();
	const turn = page.getByRole('article', { name: 'Turn 1' });
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s');
	expect(((await turn.getByLabel('Answer').textContent()) ?? '').trim().length).toBeGreaterThan(0);
	// The inference worker's script came with the policy, so the worker ran under it too.
	expect(workerPolicies.length).toBeGreaterThan(0);
	for (const policy of workerPolicies) expect(policy).toBe(contentSecurityPolicy(true));
	expect(violations).toEqual([]);
});

test('the policy really blocks: inline script and inline style are refused and reported', async ({ page, offOrigin }) => {
	const violations = await watchViolations(page);
	await page.goto('/');
	const result = await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.__inlineRan = true';
		document.head.append(script);
		const style = document.createElement('style');
		style.textContent = 'body { outline: 7px solid rgb(1, 2, 3); }';
		document.head.append(style);
		return {
			inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
			styleApplied: getComputedStyle(document.body).outlineWidth === '7px'
		};
	});
	// (eval is not checked here: Playwright's own evaluate runs exempt from the page's policy.)
	expect(result).toEqual({ inlineRan: false, styleApplied: false });
	await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
	// The off-origin guard reads "Refused to ... 'self'" console lines as blocked URLs; these were no requests.
	offOrigin.reset();
});
