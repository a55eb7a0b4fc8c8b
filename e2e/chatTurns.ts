// The chat's newest turn. The chat keeps earlier turns across reloads (history persistence), so a spec that
// reloads cannot assume "Turn 1": it counts the turns before sending.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Sends the prompt and returns the new turn (the chat keeps earlier turns across reloads, so count them). */
export async function sendForNewTurn(page: Page): Promise<Locator> {
	const turns = page.getByRole('article', { name: /^Turn \d+$/ });
	const before = await turns.count();
	await page.getByRole('button', { name: 'Send' }).click();
	await expect(turns).toHaveCount(before + 1, { timeout: 120_000 });
	return turns.last();
}
