/**
 * Installable: both pages link the built web app manifest, it names the app, opens standalone at the app's start,
 * and its icons (192 and 512 px, one maskable) are served as PNGs of the sizes it states. Chromium's own
 * installability check (DevTools protocol) has nothing to object to, under the app's CSP, and the service worker
 * keeps the manifest and icons for offline use.
 */
import { expect, test } from './fixtures';

interface Manifest {
	name: string;
	short_name: string;
	start_url: string;
	display: string;
	theme_color: string;
	background_color: string;
	icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test.use({ serviceWorkers: 'allow' });

test('the manifest is linked from both pages, its icons are served at their sizes, and Chromium finds the app installable', async ({
	page
}) => {
	await page.goto('/');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const manifestUrl = new URL(href ?? '', page.url());
	const response = await page.request.get(manifestUrl.href);
	expect(response.ok()).toBe(true);
	const manifest = (await response.json()) as Manifest;
	expect(manifest.short_name).toBe('Bedside');
	expect(manifest.name).toContain('Bedside');
	expect(manifest.display).toBe('standalone');
	expect(new URL(manifest.start_url, manifestUrl).pathname).toBe('/');
	expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);

	// Each icon, decoded by the page itself (the CSP's img-src applies): a PNG of the size the manifest states.
	for (const icon of manifest.icons) {
		const url = new URL(icon.src, manifestUrl).href;
		const iconResponse = await page.request.get(url);
		expect(iconResponse.headers()['content-type'], icon.src).toBe('image/png');
		const size = await page.evaluate(async (src) => {
			const img = new Image();
			img.src = src;
			await img.decode();
			return `${img.naturalWidth}x${img.naturalHeight}`;
		}, url);
		expect(size, icon.src).toBe(icon.sizes);
	}

	// Chromium's own verdict: no installability error (manifest fields, icons, start URL, scope).
	const cdp = await page.context().newCDPSession(page);
	const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
		installabilityErrors: { errorId: string }[];
	};
	// Playwright's contexts are incognito profiles, which Chromium never installs into: that one is the harness's.
	expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
	const parsed = (await cdp.send('Page.getAppManifest')) as { url: string; errors: { message: string }[] };
	expect(parsed.url).toBe(manifestUrl.href);
	expect(parsed.errors).toEqual([]);

	// Installed means used offline: the service worker precaches the manifest and the icons with the app shell.
	const precached = await page.evaluate(
		async (urls) => {
			await navigator.serviceWorker.ready;
			return Promise.all(urls.map(async (url) => (await caches.match(url, { ignoreSearch: true })) !== undefined));
		},
		[manifestUrl.href, ...manifest.icons.map((icon) => new URL(icon.src, manifestUrl).href)]
	);
	expect(precached).toEqual(manifest.icons.map(() => true).concat(true));

	// The download page opens from the app and belongs to it: the same manifest.
	await page.goto('/download.html');
	expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe(href);
});
