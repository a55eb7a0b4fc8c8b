// Downloading a Hub model in download.html, against a local fake Hub on two origins (scripts/fakeHub.mjs: the hub
// redirects to a "CDN" that serves Bedside's own models with Range support, under ids bedside-hub/<name>). The
// fixture fails a test on any request off the app's origin, except the download page's to those two origins.
import type { Page } from '@playwright/test';
import { fakeHub } from '../scripts/lib/browser.mjs';
import { expect, openView, test } from './fixtures';

const HUB = fakeHub(Number(process.env.E2E_PORT ?? 4173));
test.use({ downloadHosts: [HUB.hubUrl, HUB.cdnUrl] });

interface Logged {
	host: 'hub' | 'cdn';
	path: string;
	range: string | null;
}

async function hubControl(body: object, path = '/__control'): Promise<void> {
	await fetch(`${HUB.hubUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
}
async function hubLog(): Promise<Logged[]> {
	return (await (await fetch(`${HUB.hubUrl}/__log`)).json()) as Logged[];
}

test.beforeEach(async () => {
	await hubControl({}, '/__reset');
});

/** Opens the download page for a test Hub copy of a bundled model, with the fake Hub as the Hub URL. */
async function openDownload(page: Page, id: string): Promise<void> {
	await page.goto(`/download.html?testHooks=1&model=${encodeURIComponent(id)}`);
	await page.getByLabel('Hub URL').fill(HUB.hubUrl);
	await expect(page.getByLabel('Hub URL problem')).toHaveCount(0);
}

const weights = (page: Page) => page.locator('tr[data-file="onnx/model_quantized.onnx"]');

test.describe('with the service worker (offline use)', () => {
	test.use({ serviceWorkers: 'allow' });

	test('a download shows progress, keeps the notes page at 0 off-origin, then the model answers offline and Delete frees the storage', async ({
		page,
		context
	}) => {
		test.setTimeout(240_000);
		// The notes page first, so the service worker caches the app for the offline part.
		await page.goto('/?device=wasm');
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller)
				await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
		});
		const usageBefore = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

		const download = await context.newPage();
		await openDownload(download, 'bedside-hub/med-lm');
		await expect(download.getByTestId('allowed-origins')).toContainText(HUB.hubUrl);
		// Slow enough to watch: 7.3 MiB at 1.5 MB/s.
		await hubControl({ throttle: 1_500_000 });
		await download.getByRole('button', { name: /^Download, 7\.6 MiB$/ }).click();
		await expect(weights(download)).toHaveAttribute('data-phase', 'downloading');
		await expect(weights(download).getByTestId('speed')).toContainText('/s');
		await expect(weights(download).getByTestId('eta')).toContainText(/\d+ s/);
		await expect(weights(download).getByTestId('bytes')).toContainText('/ 7.3 MiB');

		// Meanwhile the notes page has made no request off its origin.
		await page.bringToFront();
		await expect(page.getByRole('status', { name: 'Off-origin requests' })).toHaveAttribute('data-count', '0');

		await expect(download.getByRole('status', { name: 'Download status' })).toContainText('downloaded and verified', { timeout: 60_000 });
		await expect(download.getByRole('status', { name: 'Download status' })).toContainText('5 of 5 files against the catalogue');
		// The download page talked to the two fake Hub origins only: hub redirects, CDN serves.
		await expect(download.getByLabel('Contacted hosts')).toHaveText(`Contacted so far: ${HUB.hubUrl}, ${HUB.cdnUrl}`);
		const log = await hubLog();
		expect(log.filter((r) => r.host === 'hub').map((r) => r.path)).toContain(
			`/bedside-hub/med-lm/resolve/0123456789abcdef0123456789abcdef01234567/onnx/model_quantized.onnx`
		);
		expect(log.filter((r) => r.host === 'cdn')).toHaveLength(5);

		// Network off: the notes page (from the service worker) loads the downloaded model from this browser's storage.
		await context.setOffline(true);
		await page.goto('/?device=wasm&maxNewTokens=16&temperature=0');
		// Listed once the page has read this browser's storage (selectOption waits for the option).
		await page.getByRole('combobox', { name: 'Model' }).selectOption('bedside-hub/med-lm');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
		await page.getByLabel('Prompt', { exact: true }).fill('What is hypertension?');
		await page.getByRole('button', { name: 'Send' }).click();
		const turn = page.getByRole('article', { name: 'Turn 1' });
		await expect(turn.getByLabel('Run stats')).toContainText('tokens/s');
		expect(((await turn.getByLabel('Answer').textContent()) ?? '').match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
		await expect(page.getByRole('status', { name: 'Off-origin requests' })).toHaveAttribute('data-count', '0');
		await context.setOffline(false);

		// Delete frees the storage, and the model leaves the chat's list.
		const usageStored = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
		await download.bringToFront();
		await download.reload();
		await download.getByRole('button', { name: 'Delete from this browser' }).click();
		await expect(download.getByRole('status', { name: 'Download status' })).toContainText('Deleted bedside-hub/med-lm');
		await expect(download.getByRole('button', { name: /^Download, / })).toBeVisible();
		const usageAfter = await download.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
		expect(usageStored - usageAfter, `usage before ${usageBefore}, stored ${usageStored}, after ${usageAfter}`).toBeGreaterThan(7_000_000);
		await page.reload();
		await expect(page.getByRole('combobox', { name: 'Model' }).locator('option[value="bedside-hub/med-lm"]')).toHaveCount(0);
	});
});

test('an interrupted download resumes after a reload with Range from the stored offset', async ({ page }) => {
	await hubControl({ cut: { 'med-embed/onnx/model_quantized.onnx': 1_000_000 } });
	await openDownload(page, 'bedside-hub/med-embed');
	await page.getByRole('button', { name: /^Download, / }).click();
	await expect(page.getByRole('alert', { name: 'Download problem' })).toHaveAttribute('data-code', 'interrupted');
	await expect(page.getByRole('alert', { name: 'Download problem' })).toContainText('Press Download to resume');

	await page.reload();
	await page.getByLabel('Hub URL').fill(HUB.hubUrl);
	const stored = Number((await weights(page).getByTestId('bytes').getAttribute('data-loaded')) ?? 'NaN');
	expect(stored).toBeGreaterThan(0);
	expect(stored).toBeLessThanOrEqual(1_000_000);
	await page.getByRole('button', { name: /^Resume download/ }).click();
	await expect(page.getByRole('status', { name: 'Download status' })).toContainText('downloaded and verified');
	const weightRequests = (await hubLog()).filter((r) => r.host === 'cdn' && r.path.endsWith('onnx/model_quantized.onnx'));
	expect(weightRequests.map((r) => r.range)).toEqual([null, `bytes=${stored}-`]);
});

test('a file whose sha256 differs from the pin is refused and deleted', async ({ page }) => {
	await hubControl({ corrupt: ['ner-bc5cdr/onnx/model_quantized.onnx'] });
	await openDownload(page, 'bedside-hub/ner-bc5cdr');
	await page.getByRole('button', { name: /^Download, / }).click();
	const problem = page.getByRole('alert', { name: 'Download problem' });
	await expect(problem).toHaveAttribute('data-code', 'mismatch');
	await expect(problem).toContainText('bedside-hub/ner-bc5cdr/onnx/model_quantized.onnx failed verification (sha256');
	await expect(problem).toContainText('The file was deleted');
	await expect(weights(page).getByTestId('bytes')).toHaveAttribute('data-loaded', '0');
	await expect(weights(page)).toHaveAttribute('data-phase', 'waiting');
	// Not listed for the notes page: the model is incomplete.
	await page.goto('/#view=compare');
	await expect(page.locator('option[value="bedside-hub/ner-bc5cdr"]')).toHaveCount(0);
});

test('too little storage quota is refused before any byte moves', async ({ page }) => {
	// Chromium's navigator.storage.estimate() ignores a quota override, so the page is told its quota (testHooks only).
	await page.goto(`/download.html?testHooks=1&quota=2000000&model=bedside-hub%2Fmed-lm`);
	await page.getByLabel('Hub URL').fill(HUB.hubUrl);
	await page.getByRole('button', { name: /^Download, / }).click();
	const problem = page.getByRole('alert', { name: 'Download problem' });
	await expect(problem).toHaveAttribute('data-code', 'disk_full');
	await expect(problem).toContainText(/needs 7\.\d MiB more, [\d.]+ (KiB|MiB) is available\. Nothing was downloaded/);
	expect(await hubLog()).toEqual([]);
});

test('a disk that fills up during the download is reported, keeping what was stored', async ({ page, context, baseURL }) => {
	await openDownload(page, 'bedside-hub/med-lm');
	// The browser's real quota, set below the model's size: the writes fail part-way.
	const cdp = await context.newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL ?? '').origin, quotaSize: 2_000_000 });
	await page.getByRole('button', { name: /^Download, / }).click();
	const problem = page.getByRole('alert', { name: 'Download problem' });
	await expect(problem).toHaveAttribute('data-code', 'disk_full');
	await expect(problem).toContainText("the browser's storage is full. Free space");
	await expect(page.getByRole('button', { name: /^Resume download/ })).toBeVisible();
});

test('the Models tab offers a Hub model as a download link, not an npm command', async ({ page }) => {
	await page.goto('/');
	await openView(page, 'Models');
	const qwen = page.locator('tr[data-model-id="onnx-community/Qwen2.5-0.5B-Instruct"]');
	const link = qwen.getByRole('link', { name: /^Download, 467\.3 MiB/ });
	await expect(link).toHaveAttribute('href', /download\.html\?model=onnx-community%2FQwen2\.5-0\.5B-Instruct/);
	await expect(qwen).not.toContainText('npm run');
});

test('Cancel keeps what was received and Download resumes; being offline is named', async ({ page, context }) => {
	await hubControl({ throttle: 1_000_000 });
	await openDownload(page, 'bedside-hub/med-lm');
	await page.getByRole('button', { name: /^Download, / }).click();
	await expect(weights(page)).toHaveAttribute('data-phase', 'downloading');
	await page.getByRole('button', { name: 'Cancel' }).click();
	const problem = page.getByRole('alert', { name: 'Download problem' });
	await expect(problem).toHaveAttribute('data-code', 'cancelled');
	await expect(page.getByRole('button', { name: /^Resume download/ })).toBeVisible();

	await context.setOffline(true);
	await page.getByRole('button', { name: /^Resume download/ }).click();
	await expect(problem).toHaveAttribute('data-code', 'offline');
	await expect(problem).toContainText('this browser is offline. Reconnect, then press Download to resume.');
	await context.setOffline(false);
});

test('a redirect to a host the download page policy does not allow is blocked and named', async ({ page, offOrigin }) => {
	const elsewhere = `http://127.0.0.1:${HUB.cdnPort + 1}`;
	await hubControl({ redirectTo: elsewhere });
	await openDownload(page, 'bedside-hub/med-embed');
	await page.getByRole('button', { name: /^Download, / }).click();
	const problem = page.getByRole('alert', { name: 'Download problem' });
	await expect(problem).toHaveAttribute('data-code', 'blocked');
	await expect(problem).toContainText(
		`${new URL(HUB.hubUrl).host} redirected it to a host this page's Content-Security-Policy does not allow`
	);
	// The policy stopped it before the network; the guard counted the refusal (console) and nothing else.
	expect(offOrigin.urls.length).toBeGreaterThan(0);
	expect(
		offOrigin.urls.every((u) => u.startsWith(elsewhere) || u.startsWith(HUB.hubUrl)),
		offOrigin.urls.join('\n')
	).toBe(true);
	offOrigin.reset();
});
