#!/usr/bin/env node
// Screenshots of the compare view for the README: light and dark, narrow and wide, written to
// docs/screenshots/. Needs a build (`npx vite build --outDir DIST`) and installed models.
// Usage: node scripts/screenshots.mjs [--dist dist] [--port 4175]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, startPreview } from './lib/browser.mjs';
import { REPO_ROOT } from './lib/catalogue.mjs';
import { CHROMIUM } from './lib/setup.mjs';

const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4175' } } });
const url = `http://127.0.0.1:${values.port}`;
const out = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const preview = await startPreview({ port: Number(values.port), dist: values.dist });
try {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const shots = [
		{ name: 'compare-wide-light', width: 1280, height: 900, colorScheme: 'light' },
		{ name: 'compare-wide-dark', width: 1280, height: 900, colorScheme: 'dark' },
		{ name: 'compare-narrow-light', width: 420, height: 900, colorScheme: 'light' },
		{ name: 'compare-narrow-dark', width: 420, height: 900, colorScheme: 'dark' }
	];
	for (const shot of shots) {
		const context = await browser.newContext({ viewport: { width: shot.width, height: shot.height }, colorScheme: shot.colorScheme });
		// Offline, as in the app: nothing leaves the origin.
		await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
		const page = await context.newPage();
		await page.goto(`${url}/?device=wasm&maxNewTokens=48&temperature=0#view=compare`);
		await page.getByTestId('example-picker').selectOption('interaction-warfarin');
		await page.getByRole('button', { name: 'Use fixture answer' }).click();
		await page.getByTestId('grounding-summary').waitFor();
		await page.getByTestId('qa-answer').waitFor();
		await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
		const file = join(out, `${shot.name}.png`);
		// Cropped to the results, to keep the files small: wide from the top, narrow from the LLM side down.
		const top = shot.width < 800 ? ((await page.getByRole('region', { name: 'LLM side' }).boundingBox())?.y ?? 0) - 8 : 0;
		await page.screenshot({
			path: file,
			fullPage: true,
			clip: { x: 0, y: top, width: shot.width, height: shot.width < 800 ? 1300 : 1450 }
		});
		console.log(`wrote ${file}`);
		await context.close();
	}
	await browser.close();
} finally {
	preview.stop();
}
