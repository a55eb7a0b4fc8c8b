// The chat on the WASM backend with the real bedside/med-lm model from public/models.
import { expect, openAndLoad, recordTextLengths, test } from './fixtures';

test('WASM answers a clinical prompt with streamed text and shows tokens/s', async ({ page, offOrigin }) => {
	await openAndLoad(page, 'device=wasm&maxNewTokens=48&temperature=0');
	await expect(page.getByLabel('Active backend')).toContainText('WASM');
	await expect(page.getByLabel('Active backend')).toContainText('q8');

	await page.getByRole('button', { name: 'Symptoms' }).click();
	await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(/diabetes/);
	// Streamed: the answer's text changes several times before it is complete.
	const lengthsSoFar = await recordTextLengths(page, 'article[aria-label="Turn 1"] [aria-label="Answer"]');
	await page.getByRole('button', { name: 'Send' }).click();

	const turn = page.getByRole('article', { name: 'Turn 1' });
	const answer = turn.getByLabel('Answer');
	await expect(turn.getByLabel('Run stats')).toHaveCount(1);
	const lengths = await lengthsSoFar();
	const finalText = ((await answer.textContent()) ?? '').trim();
	// Real words, not whitespace or stray tokens (the tiny model's greedy answers are English sentences).
	expect(finalText.match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
	const partials = new Set(lengths.filter((n) => n > 0 && n < finalText.length));
	expect(partials.size, 'answer grew in several steps').toBeGreaterThan(0);
	await expect(turn.getByLabel('Run stats')).toContainText(/\d+(\.\d)? tokens\/s/);
	await expect(turn.getByLabel('Run stats')).toContainText('TTFT');
	// The guard saw the worker's model fetches, so it would have seen an off-origin one too.
	expect(offOrigin.localUrls.some((u) => u.endsWith('/models/bedside/med-lm/onnx/model_quantized.onnx'))).toBe(true);
});

test('Stop interrupts a long generation', async ({ page }) => {
	// minNewTokens keeps the tiny model from ending the answer on its own before Stop is pressed.
	await openAndLoad(page, 'device=wasm&maxNewTokens=1024&minNewTokens=1024&temperature=0.8');
	await page.getByLabel('Prompt', { exact: true }).fill('Describe the management of heart failure in detail.');
	await page.getByRole('button', { name: 'Send' }).click();
	const turn = page.getByRole('article', { name: 'Turn 1' });
	await expect(turn.getByLabel('Answer')).not.toBeEmpty();
	await page.getByRole('button', { name: 'Stop' }).click();
	const stats = turn.getByLabel('Run stats');
	await expect(stats).toContainText('stopped');
	const tokens = Number(/(\d+) tokens/.exec((await stats.textContent()) ?? '')?.[1]);
	expect(tokens).toBeGreaterThan(0);
	expect(tokens).toBeLessThan(1024);
	// The model is usable again after a stop.
	await expect(page.getByRole('button', { name: 'Send' })).toBeVisible();
});

test('bad input gets a clear message and the prompt is kept', async ({ page }) => {
	await openAndLoad(page, 'device=wasm&maxNewTokens=8');
	await page.getByLabel('Prompt', { exact: true }).fill('   ');
	await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled();
	const huge = 'a'.repeat(9000);
	await page.getByLabel('Prompt', { exact: true }).fill(huge);
	await expect(page.getByText(/limit is 8000/)).toBeVisible();
	await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue(huge);
});

test('asking for WebGPU where there is no adapter runs on WASM with a visible notice', async ({ page }) => {
	// This project launches Chromium with --disable-gpu and without --enable-unsafe-webgpu.
	await openAndLoad(page, 'device=webgpu&maxNewTokens=8');
	await expect(page.getByLabel('Active backend')).toContainText('WASM');
	await expect(page.getByRole('alert', { name: 'Notice' })).toContainText('WebGPU was requested');
});

test('a catalogue model that is not installed fails to load with the command that installs it', async ({ page }) => {
	await page.goto('/?device=wasm');
	await page.getByRole('combobox', { name: 'Model' }).selectOption('onnx-community/Qwen2.5-0.5B-Instruct');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('error');
	await expect(page.getByRole('alert').first()).toContainText('npm run models');
	// The app still works: the bundled model loads after the failure.
	await page.getByRole('combobox', { name: 'Model' }).selectOption('bedside/med-lm');
	await page.getByRole('button', { name: 'Load model' }).click();
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
});
