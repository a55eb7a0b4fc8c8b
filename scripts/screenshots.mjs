#!/usr/bin/env node
// Screenshots of every view for the README, with real results (a chat answer from the library, a grounded Compare
// run, a 20-item evaluation, the Models table, the download page): wide in the light theme and phone-sized in the
// dark one, written to docs/screenshots/<view>-<wide-light|narrow-dark>.png. Needs a build
// (`npx vite build --outDir DIST`), installed models and the library (`npm run models`, `npm run data`).
// Usage: node scripts/screenshots.mjs [--dist dist] [--port 4175] [--only chat,compare]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, startPreview } from './lib/browser.mjs';
import { defaultModelIds, REPO_ROOT } from './lib/catalogue.mjs';
import { CHROMIUM } from './lib/setup.mjs';

const { values } = parseArgs({
	options: { dist: { type: 'string', default: 'dist' }, port: { type: 'string', default: '4175' }, only: { type: 'string' } }
});
const url = `http://127.0.0.1:${values.port}`;
const out = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

// Two variants per view keep the files few and small: the wide one shows the layout, the narrow dark one that
// the phone layout and the dark theme both hold.
const VARIANTS = [
	{ name: 'wide-light', width: 1280, height: 900, colorScheme: 'light' },
	{ name: 'narrow-dark', width: 390, height: 844, colorScheme: 'dark' }
];
const MINUTE = 60_000;
const DEFAULTS = await defaultModelIds();

/** Each view: how to get it to a state worth showing, and what to crop to (a locator's top; a locator's bottom or a height). */
const VIEWS = {
	chat: {
		// med-lm-2 is the LM trained to answer from passages and cite them.
		path: '/?device=wasm&model=bedside%2Fmed-lm-2&maxNewTokens=64&temperature=0#view=chat',
		async prepare(page) {
			await page.getByRole('textbox', { name: 'Prompt' }).fill('What are the symptoms of type 2 diabetes?');
			await page.getByRole('button', { name: 'Send' }).click();
			const turn = page.getByRole('article', { name: 'Turn 1' });
			await turn.getByLabel('Run stats').waitFor({ timeout: 3 * MINUTE });
			// The answer checked against its passages (the underlines and the summary).
			await turn.getByLabel('Grounding summary').waitFor({ timeout: MINUTE });
		},
		top: (page) => page.getByRole('region', { name: 'Model' })
	},
	compare: {
		path: '/?device=wasm&maxNewTokens=48&temperature=0#view=compare',
		async prepare(page) {
			await page.getByTestId('example-picker').selectOption('interaction-warfarin');
			await page.getByRole('button', { name: 'Use fixture answer' }).click();
			await page.getByTestId('grounding-summary').waitFor({ timeout: 3 * MINUTE });
			await page.getByTestId('qa-answer').or(page.getByTestId('qa-no-answer')).waitFor();
		},
		// A screen and a half stopped at the entities, before the labels' verdict. Wide: both sides, down to the end
		// of the lightweight one (labels, specialists, answer from the note). Phone: the sides stack and the whole
		// would be 2,700 px, so the lightweight side from its top down to the labels' verdict and its scores toggle.
		top: (page, isNarrow) => page.getByRole('region', { name: isNarrow ? 'Lightweight models side' : 'LLM side' }),
		bottom: (page, isNarrow) =>
			isNarrow
				? page.getByTestId('label-verdict').locator('xpath=following-sibling::details[1]')
				: page.getByRole('region', { name: 'Lightweight models side' }),
		isResultBelow: true
	},
	eval: {
		path: '/?device=wasm#view=eval',
		async prepare(page) {
			const sets = page.getByRole('group', { name: 'Sets' });
			await sets.getByText('medqa_usmle4', { exact: true }).waitFor();
			for (const box of await sets.getByRole('checkbox').all()) await box.uncheck();
			for (const id of ['medqa_usmle4', 'bc5cdr_chem']) await sets.locator('li', { hasText: id }).getByRole('checkbox').check();
			const models = page.getByRole('group', { name: 'Models' });
			for (const box of await models.getByRole('checkbox').all()) await box.uncheck();
			for (const id of [DEFAULTS.ner, DEFAULTS.embed]) await models.locator(`label[data-model-id="${id}"]`).getByRole('checkbox').check();
			await page.getByLabel('Sample size').fill('20');
			await page.getByRole('button', { name: 'Run evaluation' }).click();
			await page
				.getByRole('status', { name: 'Evaluation status' })
				.filter({ hasText: /^done$/ })
				.waitFor({ timeout: 5 * MINUTE });
		},
		top: (page) => page.getByRole('figure', { name: 'Results chart' }),
		// The results come after a long form at any width.
		isResultBelow: true
	},
	models: {
		path: '/?device=wasm#view=models',
		async prepare(page) {
			await page.locator(`tr[data-model-id="${DEFAULTS.llm}"] td.install[data-state="installed"]`).waitFor();
		},
		top: (page) => page.getByRole('heading', { name: 'Models', exact: true })
	},
	download: {
		path: '/download.html?model=onnx-community%2FQwen2.5-0.5B-Instruct',
		async prepare(page) {
			await page.getByLabel('Download size').filter({ hasText: 'to download' }).waitFor();
		},
		top: null
	}
};

const picked = values.only ? values.only.split(',') : Object.keys(VIEWS);
const preview = await startPreview({ port: Number(values.port), dist: values.dist });
try {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	for (const name of picked) {
		const view = VIEWS[name];
		if (!view) throw new Error(`Unknown view "${name}"; known: ${Object.keys(VIEWS).join(', ')}`);
		for (const variant of VARIANTS) {
			const context = await browser.newContext({
				viewport: { width: variant.width, height: variant.height },
				colorScheme: variant.colorScheme
			});
			// Offline, as in the app: nothing leaves the origin.
			await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
			const page = await context.newPage();
			await page.goto(`${url}${view.path}`);
			await view.prepare(page).catch(async (err) => {
				const shot = join(REPO_ROOT, 'test-results', `screenshot-${name}-${variant.name}-failed.png`);
				await page.screenshot({ path: shot, fullPage: true });
				throw new Error(`${name} (${variant.name}) did not get ready; the page as it was: ${shot}`, { cause: err });
			});
			await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
			// From the page's top when the view's content starts there, else from what the view is about (on a
			// phone the form above the results fills the first screens), about a screen and a half high.
			const isNarrow = variant.width < 800;
			// In page coordinates (the clip's): the page may have scrolled while the view ran.
			const pageY = (locator, edge) => locator.evaluate((el, edge) => el.getBoundingClientRect()[edge] + window.scrollY, edge);
			const anchor = view.top && (isNarrow || view.isResultBelow) ? await pageY(view.top(page, isNarrow), 'top') : null;
			const top = anchor === null ? 0 : Math.max(0, anchor - 8);
			const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
			// To the end of `bottom` where a view names one, else a fixed height.
			const end = view.bottom ? (await pageY(view.bottom(page, isNarrow), 'bottom')) + 8 : top + (isNarrow ? 1400 : 1200);
			const height = Math.min(end, pageHeight) - top;
			const file = join(out, `${name}-${variant.name}.png`);
			await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: top, width: variant.width, height } });
			console.log(`wrote ${file}`);
			await context.close();
		}
	}
	await browser.close();
} finally {
	preview.stop();
}
