/**
 * A first visit as a person makes it: a fresh browser profile, the service worker allowed, and no request
 * routing (Playwright's routing turns Chromium's HTTP cache off, which hid a first-load failure: see
 * src/lib/models/modelFileFetch.ts). The off-origin guard only observes here. The chat model loads on the
 * first click in Chat, Compare and Evaluate; and from a server that gzips model files on the fly (vite preview
 * with its uncompressed-models plugin off, which failed the first load before the page's own fix).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test, type OffOrigin } from './fixtures';

const WEIGHTS = '/models/bedside/med-lm/onnx/model_quantized.onnx';

test.use({ routeRequests: false, serviceWorkers: 'allow' });

async function loadChatModelOnce(page: Page, offOrigin: OffOrigin) {
	await page.goto('/?device=wasm');
	await page.getByRole('button', { name: 'Load model' }).click();
	const status = page.getByRole('status', { name: 'Model status' });
	await expect(status).toHaveText(/ready|error/);
	await expect(page.getByText(/could not be loaded/)).toHaveCount(0);
	await expect(status).toHaveText('ready');
	// Seen by observing, not routing: the weights came over the network of this fresh profile.
	expect(offOrigin.localUrls.some((u) => u.endsWith(WEIGHTS))).toBe(true);
}

test('Chat: the first Load on a fresh visit works', async ({ page, offOrigin }) => {
	await loadChatModelOnce(page, offOrigin);
});

test('Compare: the LLM side loads and answers on the first run of a fresh visit', async ({ page }) => {
	await page.goto('/?device=wasm&maxNewTokens=16&temperature=0#view=compare');
	await page.getByTestId('example-picker').selectOption('interaction-warfarin');
	await page.getByRole('button', { name: 'Run comparison' }).click();
	await expect(page.getByLabel('Model stats: bedside/med-lm').getByTestId('run-ms')).toContainText('tokens/s');
	await expect(page.getByText(/could not be loaded/)).toHaveCount(0);
	expect(((await page.getByLabel('LLM answer').textContent()) ?? '').trim().length).toBeGreaterThan(0);
});

test('Evaluate: pubmedqa x med-lm runs on the first click of a fresh visit', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto('/?device=wasm#view=eval');
	const sets = page.getByRole('group', { name: 'Sets' });
	await expect(sets.getByText('pubmedqa', { exact: true })).toBeVisible();
	for (const box of await sets.getByRole('checkbox').all()) await box.uncheck();
	await sets
		.locator('li', { has: page.getByText('pubmedqa', { exact: true }) })
		.getByRole('checkbox')
		.check();
	const models = page.getByRole('group', { name: 'Models' });
	for (const box of await models.getByRole('checkbox').all()) await box.uncheck();
	await models.getByRole('checkbox', { name: /^Bedside med-lm \(/ }).check();
	await page.getByLabel('Sample size').fill('3');
	await page.getByRole('button', { name: 'Run evaluation' }).click();
	await expect(page.getByRole('status', { name: 'Evaluation status' })).toHaveText('done', { timeout: 150_000 });
	await expect(page.getByRole('table', { name: 'Results' })).toContainText('bedside/med-lm');
	await expect(page.getByText(/could not be loaded/)).toHaveCount(0);
});

test.describe('from a server that gzips model files on the fly', () => {
	const port = Number(process.env.E2E_PORT ?? 4173) + 1000;
	let server: ChildProcess;
	test.use({ baseURL: `http://127.0.0.1:${port}` });
	test.beforeAll(async () => {
		const args = [
			'vite',
			'preview',
			'--port',
			String(port),
			'--strictPort',
			'--host',
			'127.0.0.1',
			'--outDir',
			process.env.E2E_DIST ?? 'dist'
		];
		server = spawn('npx', args, { env: { ...process.env, BEDSIDE_GZIP_MODELS: '1' }, stdio: 'ignore', detached: true });
		await expect
			.poll(
				() =>
					fetch(`http://127.0.0.1:${port}/`).then(
						(r) => r.ok,
						() => false
					),
				{ timeout: 60_000 }
			)
			.toBe(true);
		const weights = await fetch(`http://127.0.0.1:${port}${WEIGHTS}`, { headers: { 'accept-encoding': 'gzip' } });
		expect(weights.headers.get('content-encoding'), 'this server compresses model files').toBe('gzip');
		await weights.body?.cancel();
	});
	test.afterAll(() => {
		if (server.pid) process.kill(-server.pid);
	});

	test('Chat: the first Load works', async ({ page, offOrigin }) => {
		await loadChatModelOnce(page, offOrigin);
	});
});
