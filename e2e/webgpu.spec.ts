// The WebGPU path on Chromium's software adapter: it runs, or falls back to WASM with a visible notice.
import { expect, openAndLoad, test } from './fixtures';

test('WebGPU runs the model or falls back to WASM with a notice', async ({ page }) => {
	await openAndLoad(page, 'device=webgpu&maxNewTokens=24&minNewTokens=24&temperature=0.7');
	const backend = page.getByLabel('Active backend');
	const text = (await backend.textContent()) ?? '';
	if (text.includes('WebGPU')) {
		await expect(page.getByText(/WebGPU: yes/)).toBeVisible();
		await expect(backend).not.toContainText('thread');
	} else {
		await expect(backend).toContainText('WASM');
		await expect(page.getByRole('alert', { name: 'Notice' }).first()).toContainText(/WebGPU/);
	}
	await page.getByRole('button', { name: 'Lab result' }).click();
	await page.getByRole('button', { name: 'Send' }).click();
	const turn = page.getByRole('article', { name: 'Turn 1' });
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s');
	expect(((await turn.getByLabel('Answer').textContent()) ?? '').trim().length).toBeGreaterThan(0);
});
