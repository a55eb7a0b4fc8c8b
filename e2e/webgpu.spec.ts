// The WebGPU path on Chromium's software adapter: it runs, or falls back to WASM with a visible notice.
import { expect, openAndLoad, test } from './fixtures';

test('WebGPU runs the model or falls back to WASM with a notice', async ({ page }) => {
	// library=off: this is the bare model's WebGPU path (software adapter); library answers have their own specs.
	await openAndLoad(page, 'device=webgpu&maxNewTokens=24&minNewTokens=24&temperature=0.7&library=off');
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

test('a lost WebGPU device moves the model to WASM without a page reload, and the run completes', async ({ page }) => {
	await openAndLoad(page, 'device=webgpu&maxNewTokens=16&temperature=0&testHooks=1');
	await page.waitForFunction(() => typeof (window as { __bedside?: { loseGpuDevice?: unknown } }).__bedside?.loseGpuDevice === 'function');
	// A marker on the window: it survives only if the page is not reloaded.
	await page.evaluate(() => ((window as { __noReload?: boolean }).__noReload = true));
	const backend = page.getByLabel('Active backend');
	const isOnGpu = ((await backend.textContent()) ?? '').includes('WebGPU');
	const what = await page.evaluate(() =>
		(window as unknown as { __bedside: { loseGpuDevice(): Promise<string[]> } }).__bedside.loseGpuDevice()
	);
	if (isOnGpu) {
		// ORT's real device is destroyed (GPUDevice.destroy()); its `lost` promise resolves.
		expect(what.join(' ')).toMatch(/WebGPU device destroyed/);
	} else {
		// The software adapter could not run the model at load, so it is already on WASM: the hook can only
		// mark the device lost, and the run below checks that nothing breaks.
		expect(what.join(' ')).toMatch(/No WebGPU device in use; marked as lost/);
		test.info().annotations.push({ type: 'note', description: 'WebGPU failed at load on this adapter; only the hook path ran.' });
	}
	await page.getByLabel('Prompt', { exact: true }).fill('What does an elevated troponin suggest?');
	await page.getByRole('button', { name: 'Send' }).click();
	const turn = page.getByRole('article', { name: 'Turn 1', exact: true });
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s');
	expect(((await turn.getByLabel('Answer').textContent()) ?? '').trim().length).toBeGreaterThan(0);
	await expect(backend).toContainText('WASM');
	await expect(page.getByRole('status', { name: 'Model status' })).toHaveText('ready');
	if (isOnGpu) {
		await expect(page.getByRole('alert', { name: 'Notice' }).last()).toContainText(
			/WebGPU device was lost .*Reloading bedside\/med-lm on WASM/
		);
		await expect(backend).toContainText('device lost');
	}
	expect(await page.evaluate(() => (window as { __noReload?: boolean }).__noReload)).toBe(true);
});
