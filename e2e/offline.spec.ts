// Offline after the first load: the service worker (production build only) precaches the app shell and caches
// the models as they are loaded; with the network off, opening the app again still works, the chat loads its model
// and answers, and the compare view runs its NER and embedding models. The fixture counts off-origin requests.
import type { Page } from '@playwright/test';
import { expect, openAndLoad, openView, test } from './fixtures';

test.use({ serviceWorkers: 'allow' });

const QUERY = 'device=wasm&maxNewTokens=24&temperature=0';

/** Waits until the service worker is active and controls this page (it claims the page on first install). */
async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
		}
	});
}

async function chatAnswers(page: Page): Promise<void> {
	await page.getByLabel('Prompt', { exact: true }).fill('What is hypertension?');
	await page.getByRole('button', { name: 'Send' }).click();
	const turn = page.getByRole('article', { name: 'Turn 1' });
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s');
	expect(((await turn.getByLabel('Answer').textContent()) ?? '').match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
}

async function compareRuns(page: Page): Promise<void> {
	await openView(page, 'Compare');
	await page.getByTestId('example-picker').selectOption('interaction-warfarin');
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await expect(page.getByLabel('Model stats: bedside/med-lm').getByTestId('run-ms')).toContainText('tokens/s');
	await expect(page.getByLabel('Model stats: bedside/ner-bc5cdr').getByTestId('run-ms')).toContainText(/ms\/sentence/);
	await expect(page.getByTestId('highlighted-note').locator('mark[data-entity-type]').first()).toBeVisible();
	// The answer from the note, or "no answer found" when its best sentence scores under the threshold (uncertainty.ts).
	await expect(page.getByTestId('qa-answer').or(page.getByTestId('qa-no-answer'))).toBeVisible();
}

/** The names of the Cache API caches and whether each URL path is in one of them. */
async function cached(page: Page, paths: string[]): Promise<{ names: string[]; hits: boolean[] }> {
	return page.evaluate(async (paths) => {
		const names = await caches.keys();
		const hits = await Promise.all(paths.map(async (p) => (await caches.match(new URL(p, location.href).href)) !== undefined));
		return { names, hits };
	}, paths);
}

test('after one online visit the chat and the compare view work with the network off', async ({ page, context }) => {
	test.setTimeout(300_000);
	await page.goto(`/?${QUERY}`);
	await waitForServiceWorker(page);
	// A fresh load under the worker's control (its first load already was, via clients.claim; this is the usual case).
	await page.reload();
	expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);

	// Online: load the chat model and answer; run the comparison once (NER and embedding models).
	await openAndLoad(page, QUERY);
	await chatAnswers(page);
	await compareRuns(page);

	const modelFiles = [
		'/models/bedside/med-lm/onnx/model_quantized.onnx',
		'/models/bedside/med-lm/config.json',
		'/models/bedside/ner-bc5cdr/onnx/model_quantized.onnx',
		'/models/bedside/med-embed/onnx/model_quantized.onnx'
	];
	const online = await cached(page, modelFiles);
	expect(online.hits, `cached: ${JSON.stringify(online)}`).toEqual(modelFiles.map(() => true));
	expect(online.names.some((n) => n.startsWith('workbox-precache'))).toBe(true);
	expect(online.names.some((n) => n.startsWith('bedside-model-weights-'))).toBe(true);

	// Offline: the page, the workers, ONNX Runtime and the models all come from the caches.
	await context.setOffline(true);
	await page.goto(`/?${QUERY}`);
	await expect(page.getByRole('button', { name: 'Load model' })).toBeVisible();
	// The network really is off, for the page and for the service worker (a file it never cached fails).
	expect(
		await page.evaluate(() =>
			fetch('/models/README.md').then(
				(r) => `status ${r.status}`,
				() => 'failed'
			)
		)
	).toBe('failed');
	expect(await page.evaluate(() => crossOriginIsolated), 'COOP/COEP headers kept in the cache').toBe(true);

	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
	await chatAnswers(page);
	await compareRuns(page);
	await context.setOffline(false);

	// The Models tab shows the offline copies, and one can be removed (the app reloads it from /models/ next time).
	await openView(page, 'Models');
	const nerCopy = page.locator('tr[data-model-id="bedside/ner-bc5cdr"] td.offline');
	await expect(nerCopy).toContainText(/(\d+) of \1 files cached/);
	await nerCopy.getByRole('button', { name: 'Remove the offline copy of bedside/ner-bc5cdr' }).click();
	await expect(nerCopy).toContainText('not cached');
	await expect(page.getByRole('status', { name: 'Offline copy status' })).toContainText(/Removed \d+ cached files? of bedside\/ner-bc5cdr/);
	expect((await cached(page, ['/models/bedside/ner-bc5cdr/onnx/model_quantized.onnx'])).hits).toEqual([false]);
	await expect(page.locator('tr[data-model-id="bedside/med-lm"] td.offline')).toContainText(/(\d+) of \1 files cached/);
});

test('a model that does not fit in the storage quota gets a notice with needed and available bytes', async ({ page }) => {
	// A browser with about 1 MB left for this site (the chat model needs about 8 MB).
	await page.addInitScript(() => {
		const estimate = async () => ({ quota: 1_500_000, usage: 500_000 });
		Object.defineProperty(navigator.storage, 'estimate', { value: estimate });
	});
	await page.goto(`/?${QUERY}`);
	await waitForServiceWorker(page);
	await page.getByRole('button', { name: 'Load model' }).click();
	const notice = page.getByRole('alert', { name: 'Storage notice' });
	await expect(notice).toContainText(/needs \d+\.\d MiB, 976\.6 KiB is available/);
	await expect(notice).toContainText('offline');
	// The model still loads (it is just not kept).
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
});
