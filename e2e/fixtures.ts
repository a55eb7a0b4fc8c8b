/**
 * The shared fixture every spec imports: it blocks every request that leaves the page's origin and
 * fails the test if there was any (Bedside must work offline and send nothing anywhere).
 *
 * `test.use({ routeRequests: false })` only observes instead (page, workers and service worker): Playwright's
 * request routing turns Chromium's HTTP cache off, so a spec about what a person's browser does on a first
 * visit (e2e/firstVisit.spec.ts) must not route. Off-origin requests still fail the test; they are just not
 * stopped first (these machines have no route off the host anyway).
 */
import { test as base, expect, type ConsoleMessage, type Locator, type Page, type Request } from '@playwright/test';

export interface OffOrigin {
	/** URLs blocked so far in this test. */
	readonly urls: string[];
	/** Same-origin URLs the guard let through (shows it sees the worker's traffic too). */
	readonly localUrls: string[];
	/** Forget what was counted (only the harness canary uses this, after checking it). */
	reset(): void;
}

export const test = base.extend<{ offOrigin: OffOrigin; downloadHosts: string[]; routeRequests: boolean }>({
	/**
	 * Origins that requests of download.html (and only of that page) may reach: the download spec sets the local
	 * fake Hub's two origins. Everything else off the origin is still blocked and fails the test.
	 */
	downloadHosts: [[], { option: true }],
	routeRequests: [true, { option: true }],
	offOrigin: [
		async ({ context, page, baseURL, downloadHosts, routeRequests }, use) => {
			const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
			const urls: string[] = [];
			const localUrls: string[] = [];
			const isLocal = (url: string) => {
				if (url.startsWith('data:') || url.startsWith('blob:')) return true;
				try {
					return new URL(url).origin === origin;
				} catch {
					return false;
				}
			};
			if (routeRequests) {
				await context.route('**/*', async (route) => {
					const url = route.request().url();
					if (isLocal(url)) {
						localUrls.push(url);
						return route.continue();
					}
					if (downloadHosts.includes(new URL(url).origin) && isFromDownloadPage(route.request())) return route.continue();
					urls.push(url);
					return route.abort('blockedbyclient');
				});
			}
			// Requests that bypass routing (e.g. some worker fetches) are still seen here; without routing, all are.
			context.on('request', (request) => {
				const url = request.url();
				if (downloadHosts.includes(new URL(url).origin) && isFromDownloadPage(request)) return;
				if (!isLocal(url) && !urls.includes(url)) urls.push(url);
				else if (!routeRequests && isLocal(url)) localUrls.push(url);
			});
			// The page's Content-Security-Policy stops most attempts before they reach the network: count
			// those too, from the console of the page and of its workers.
			const onConsole = (message: ConsoleMessage) => {
				const match = /(?:Refused to [^']*|Connecting to |Loading (?:the )?\w+ ?)'([^']+)'/.exec(message.text());
				if (match?.[1] && !isLocal(match[1])) urls.push(match[1]);
			};
			page.on('console', onConsole);
			page.on('worker', (worker) => worker.on('console', onConsole));
			await use({ urls, localUrls, reset: () => urls.splice(0) });
			expect(urls, 'requests off the page origin').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };

/** Whether a request comes from the download page (service worker requests have no frame). */
function isFromDownloadPage(request: Request): boolean {
	try {
		return new URL(request.frame().url()).pathname.endsWith('/download.html');
	} catch {
		return false;
	}
}

/** Opens the app with URL settings, loads the default LLM, and waits until it is ready. */
export async function openAndLoad(page: Page, query: string): Promise<void> {
	await page.goto(`/?${query}`);
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
}

/** Switches to a view by its tab (Chat, Compare, Evaluate, Models). */
export async function openView(page: Page, label: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true }).click();
	await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true })).toHaveAttribute(
		'aria-current',
		'page'
	);
}

/** The highlighted note's text without the entity score tags: the note as the user typed it, if rendered as text. */
export function noteTextOf(note: Locator): Promise<string | undefined> {
	return note.evaluate((el) => {
		const clone = el.cloneNode(true) as HTMLElement;
		clone.querySelectorAll('.tag').forEach((t) => t.remove());
		return clone.textContent?.trim();
	});
}

/**
 * Starts recording, in the page, the text length of the element `selector` matches at every DOM change; the
 * returned function reads the lengths so far. A streamed answer of 48 tokens can arrive in a fraction of a second,
 * faster than a poll's round trips, so streaming is checked from the page's own mutations.
 */
export async function recordTextLengths(page: Page, selector: string): Promise<() => Promise<number[]>> {
	await page.evaluate((sel) => {
		const lengths: number[] = [];
		(window as unknown as { bedsideTextLengths: number[] }).bedsideTextLengths = lengths;
		new MutationObserver(() => {
			const element = document.querySelector(sel);
			if (element) lengths.push(element.textContent?.length ?? 0);
		}).observe(document.body, { subtree: true, childList: true, characterData: true });
	}, selector);
	return () => page.evaluate(() => (window as unknown as { bedsideTextLengths: number[] }).bedsideTextLengths);
}
