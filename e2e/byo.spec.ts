// Bring your own model: a real model folder (a copy of bedside/ner-bc5cdr named my-ner) is checked, added to the
// browser's own storage (OPFS), listed in Models, Compare and Evaluate, runs in Compare with its files read from
// that storage (no request for them), and is deleted again. The fixture counts off-origin requests.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExample } from '../src/lib/clinical/library';
import { expect, openView, test } from './fixtures';

const EXAMPLE_ID = 'interaction-warfarin';
const example = findExample(EXAMPLE_ID)!;
const drug = example.keyEntities.find((e) => e.text === 'warfarin')!;
const disease = example.keyEntities.find((e) => e.text === 'atrial fibrillation')!;
const ID = 'user/my-ner';

test('an own NER model folder is added, runs in Compare from browser storage, and is deleted', async ({ page, offOrigin }) => {
	const dir = mkdtempSync(join(tmpdir(), 'bedside-byo-'));
	try {
		const folder = join(dir, 'my-ner');
		cpSync('public/models/bedside/ner-bc5cdr', folder, { recursive: true });

		const nerPicker = page
			.locator('label')
			.filter({ hasText: /^\s*NER/ })
			.locator('select');
		await page.goto('/?device=wasm#view=models');
		await openView(page, 'Models');
		await page.getByLabel('Model folder', { exact: true }).and(page.locator('input')).setInputFiles(folder);
		await expect(page.getByRole('status', { name: 'Folder check' })).toContainText('my-ner looks valid');
		await page.getByRole('button', { name: 'Add model' }).click();
		await expect(page.getByRole('status', { name: 'Own model' })).toContainText(`Added ${ID}`);
		const row = page.locator(`tr[data-model-id="${ID}"]`);
		await expect(row.locator('td.install')).toHaveAttribute('data-state', 'installed');
		await expect(row).toContainText('stored in this browser');
		await expect(row).toContainText('user-provided');

		// Evaluate lists it with the catalogue models.
		await openView(page, 'Evaluate');
		await expect(page.getByRole('group', { name: 'Models' })).toContainText('my-ner (your model)');

		// Compare: the own model as the NER model, lightweight side only.
		await openView(page, 'Compare');
		await page.getByTestId('example-picker').selectOption(EXAMPLE_ID);
		await page.getByText('Models and labels').click();
		await nerPicker.selectOption(ID);
		await page.getByLabel('Run the LLM').uncheck();
		await page.getByRole('button', { name: 'Run comparison' }).click();

		await expect(page.getByLabel(`Model stats: ${ID}`).getByTestId('backend')).toContainText('WASM', { timeout: 60_000 });
		const note = page.getByTestId('highlighted-note');
		await expect(note.locator(`mark[data-entity-type="${drug.type}"]`, { hasText: new RegExp(`^${drug.text}`) })).toHaveCount(1);
		await expect(note.locator(`mark[data-entity-type="${disease.type}"]`, { hasText: new RegExp(`^${disease.text}`) })).toHaveCount(1);
		// Its files came from browser storage: no request for them, while the embedding model was fetched.
		expect(offOrigin.localUrls.filter((u) => u.includes('/models/user/'))).toEqual([]);
		expect(offOrigin.localUrls.some((u) => u.endsWith('/models/bedside/med-embed/onnx/model_quantized.onnx'))).toBe(true);

		// Added again (e.g. a fixed folder): the worker drops the copy it loaded and loads the new one (a cached
		// pipeline would report the first load's exact time again).
		const stats = page.getByLabel(`Model stats: ${ID}`);
		const loadMs = async () => JSON.parse((await stats.getAttribute('data-stats')) ?? '{}').loadMs as number | null;
		const firstLoadMs = await loadMs();
		expect(firstLoadMs).toBeGreaterThan(0);
		await openView(page, 'Models');
		await page.getByLabel('Model folder', { exact: true }).and(page.locator('input')).setInputFiles(folder);
		await page.getByRole('button', { name: 'Add model' }).click();
		await expect(page.getByRole('status', { name: 'Own model' })).toContainText('replacing the earlier copy');
		await openView(page, 'Compare');
		// A changed note, so the lightweight side runs again (the same note reuses its analysis).
		await page.getByLabel('Clinical note').fill(`${example.note}\nFollow-up in two weeks.`);
		await page.getByRole('button', { name: 'Run comparison' }).click();
		await expect
			.poll(
				async () => {
					const ms = await loadMs();
					return typeof ms === 'number' && ms > 0 && ms !== firstLoadMs;
				},
				{ message: 'a fresh load of the new copy' }
			)
			.toBe(true);
		await expect(note.locator(`mark[data-entity-type="${drug.type}"]`, { hasText: new RegExp(`^${drug.text}`) })).toHaveCount(1);

		// Delete it: gone from Models, Compare and Evaluate.
		await openView(page, 'Models');
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: `Delete ${ID}` }).click();
		await expect(page.getByRole('status', { name: 'Own model' })).toContainText(`Deleted ${ID}`);
		await expect(row).toHaveCount(0);
		await openView(page, 'Compare');
		await expect(nerPicker.locator(`option[value="${ID}"]`)).toHaveCount(0);
		await expect(nerPicker).toHaveValue('bedside/ner-bc5cdr');
		await openView(page, 'Evaluate');
		await expect(page.getByRole('group', { name: 'Models' })).not.toContainText('my-ner');

		// And it stays gone after a reload (the registry in storage was updated).
		await page.reload();
		await openView(page, 'Models');
		await expect(page.locator('tr[data-model-id="bedside/ner-bc5cdr"] td.install')).toHaveAttribute('data-state', 'installed');
		await expect(row).toHaveCount(0);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('an own text-generation model is listed in Chat, answers from browser storage, and leaves the list when deleted', async ({
	page,
	offOrigin
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'bedside-byo-'));
	try {
		const folder = join(dir, 'my lm');
		cpSync('public/models/bedside/med-lm', folder, { recursive: true });
		await page.goto('/?device=wasm&maxNewTokens=24&temperature=0#view=models');
		await openView(page, 'Models');
		await page.getByLabel('Task', { exact: true }).selectOption('text-generation');
		await page.getByLabel('Model folder', { exact: true }).and(page.locator('input')).setInputFiles(folder);
		await expect(page.getByRole('status', { name: 'Folder check' })).toContainText('my lm looks valid');
		await page.getByRole('button', { name: 'Add model' }).click();
		await expect(page.getByRole('status', { name: 'Own model' })).toContainText('Added user/my-lm');

		await openView(page, 'Chat');
		const picker = page.getByRole('combobox', { name: 'Model' });
		await picker.selectOption('user/my-lm');
		await page.getByRole('button', { name: 'Load model' }).click();
		await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
		await page.getByLabel('Prompt', { exact: true }).fill('What are the symptoms of diabetes?');
		await page.getByRole('button', { name: 'Send' }).click();
		const turn = page.getByRole('article', { name: 'Turn 1' });
		await expect(turn.getByLabel('Run stats')).toContainText('tokens/s');
		expect(((await turn.getByLabel('Answer').textContent()) ?? '').match(/[A-Za-z]{3,}/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
		expect(offOrigin.localUrls.filter((u) => u.includes('/models/user/'))).toEqual([]);

		await openView(page, 'Models');
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Delete user/my-lm' }).click();
		await openView(page, 'Chat');
		await expect(picker.locator('option[value="user/my-lm"]')).toHaveCount(0);
		await expect(picker).toHaveValue('bedside/med-lm');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
