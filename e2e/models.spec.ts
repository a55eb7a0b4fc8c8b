// Model manager: what is installed, what last ran, and the own-folder check (real files, nothing uploaded).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openAndLoad, openView, test } from './fixtures';

test('bundled models show as installed, and a loaded model shows its backend', async ({ page }) => {
	await openAndLoad(page, 'device=wasm&threads=1');
	await openView(page, 'Models');
	for (const id of ['bedside/med-lm', 'bedside/ner-bc5cdr', 'bedside/med-embed']) {
		await expect(page.locator(`tr[data-model-id="${id}"] td.install`)).toHaveAttribute('data-state', 'installed');
	}
	await expect(page.locator('tr[data-model-id="bedside/med-lm"]')).toContainText('WASM (q8)');
});

test('an own model folder is checked: a copy of a real model passes, an incomplete one lists what is missing', async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'bedside-byo-'));
	try {
		const good = join(dir, 'my-ner');
		cpSync('public/models/bedside/ner-bc5cdr', good, { recursive: true });
		const bad = join(dir, 'broken');
		cpSync(join(good, 'onnx'), join(bad, 'onnx'), { recursive: true });
		writeFileSync(join(bad, 'config.json'), JSON.stringify({ model_type: 'bert' }));

		await page.goto('/');
		await openView(page, 'Models');
		const picker = page.getByLabel('Model folder', { exact: true }).and(page.locator('input'));
		await picker.setInputFiles(good);
		await expect(page.getByRole('status', { name: 'Folder check' })).toContainText('my-ner looks valid');
		await expect(page.getByRole('status', { name: 'Folder check' })).toContainText('onnx/model_quantized.onnx: q8');

		await picker.setInputFiles(bad);
		const check = page.getByRole('status', { name: 'Folder check' });
		await expect(check).toContainText('broken cannot be used yet');
		await expect(check).toContainText('Missing tokenizer.json.');
		await expect(check).toContainText('Missing tokenizer_config.json.');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
