// Your own documents in the library, with the real models: a text file and a small PDF (made here) are added,
// found by a question, shown as passages (cited if the model cites them), kept across a reload and deleted; bad
// files get a clear message and lose nothing. The fixture fails the test on any off-origin request.
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, openAndLoad, test } from './fixtures';
import { sendForNewTurn } from './chatTurns';
import { makePdf } from './pdfFixture';

const QUERY = 'device=wasm&maxNewTokens=32&temperature=0';
// Made-up conditions: only the user's documents mention them, so retrieving them proves the personal index works.
const TXT =
	'Zorbital syndrome is a made-up condition used to test Bedside. Zorbital syndrome is treated with rest, fluids and a daily walk.';
const PDF_PAGES = [
	['Quenthar fever guide.', 'Quenthar fever causes a rash and joint pain.'],
	['Quenthar fever is treated with cool baths.']
];

function documents(page: Page): Locator {
	return page.getByRole('list', { name: 'Your documents' }).getByRole('listitem');
}

async function addFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
	await page.getByLabel('Open .txt, .md or .pdf').setInputFiles({ name, mimeType, buffer });
}

async function ask(page: Page, question: string): Promise<{ titles: string[]; turn: Locator }> {
	await page.getByLabel('Prompt', { exact: true }).fill(question);
	const turn = await sendForNewTurn(page);
	await expect(turn.getByLabel('Run stats')).toContainText('tokens/s', { timeout: 120_000 });
	const cards = turn.getByRole('region', { name: 'Library passages' }).getByRole('article');
	await expect(cards).toHaveCount(3);
	return { titles: await cards.locator('button.head').allTextContents(), turn };
}

test('add a text file and a PDF, find and cite them, keep them across a reload, delete one', async ({ page }, testInfo) => {
	test.setTimeout(300_000);
	await openAndLoad(page, QUERY);
	await page.getByText(/^Your documents \(\d+\)$/).click();
	await expect(documents(page)).toHaveCount(0);

	await addFile(page, 'zorbital-notes.txt', 'text/plain', Buffer.from(TXT));
	await expect(page.getByLabel('Documents status')).toContainText('Added "zorbital-notes.txt": 1 passage');
	await addFile(page, 'quenthar.pdf', 'application/pdf', makePdf(PDF_PAGES));
	await expect(page.getByLabel('Documents status')).toContainText('Added "quenthar.pdf" (2 pages): 1 passage');
	await expect(documents(page)).toHaveCount(2);

	// Bad input: each gets its message and the two documents stay.
	const bad: [string, string, Buffer | string, RegExp][] = [
		['empty.txt', 'text/plain', Buffer.alloc(0), /"empty\.txt" is empty\. Nothing was added/],
		[
			'photo.txt',
			'text/plain',
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe]),
			/"photo\.txt" is not UTF-8 text|does not look like text/
		],
		['scan.pdf', 'application/pdf', makePdf([[], []]), /"scan\.pdf" has no text layer \(2 pages/]
	];
	for (const [name, mimeType, buffer, message] of bad) {
		await addFile(page, name, mimeType, buffer as Buffer);
		await expect(page.getByLabel('Documents problem')).toContainText(message);
		await expect(documents(page)).toHaveCount(2);
	}
	const huge = testInfo.outputPath('huge.txt');
	writeFileSync(huge, Buffer.alloc(50 * 1024 ** 2, 0x61));
	await page.getByLabel('Open .txt, .md or .pdf').setInputFiles(huge);
	await expect(page.getByLabel('Documents problem')).toContainText('"huge.txt" is 50.0 MB; the limit is 20.0 MB');
	await expect(documents(page)).toHaveCount(2);
	// Another script is added, with a notice.
	await page.getByLabel('Name of the pasted text').fill('哮喘');
	await page.getByLabel('Paste text').fill('哮喘是一种慢性气道炎症疾病。');
	await page.getByRole('button', { name: 'Add text' }).click();
	await expect(page.getByLabel('Documents status')).toContainText('script other than Latin');
	await expect(documents(page)).toHaveCount(3);

	// Search and cite: the made-up conditions are found in the user's documents.
	const first = await ask(page, 'How is zorbital syndrome treated?');
	expect(
		first.titles.some((t) => t.includes('zorbital-notes.txt')),
		first.titles.join(' | ')
	).toBe(true);
	const ownCard = first.turn.locator('article[data-passage-id^="doc:"]').first();
	await ownCard.locator('button.head').click();
	await expect(ownCard).toContainText('Your document: zorbital-notes.txt (stored only in this browser)');
	await expect(ownCard.getByLabel('Passage text')).toContainText('treated with rest');
	const answer = (await first.turn.getByLabel('Answer').textContent()) ?? '';
	const markers = [...answer.matchAll(/\[([1-3])\]/g)].length;
	await expect(first.turn.getByRole('button', { name: /^Citation \d+$/ })).toHaveCount(markers);
	const second = await ask(page, 'What does quenthar fever cause?');
	expect(
		second.titles.some((t) => t.includes('quenthar.pdf')),
		second.titles.join(' | ')
	).toBe(true);

	// Kept in this browser across a reload; then deleted, and no longer found.
	await openAndLoad(page, QUERY);
	await page.getByText(/^Your documents \(\d+\)$/).click();
	await expect(documents(page)).toHaveCount(3);
	await page.getByRole('button', { name: 'Delete zorbital-notes.txt' }).click();
	await expect(page.getByLabel('Documents status')).toContainText('Deleted "zorbital-notes.txt"');
	await expect(documents(page)).toHaveCount(2);
	const after = await ask(page, 'How is zorbital syndrome treated?');
	expect(after.titles.some((t) => t.includes('zorbital-notes.txt'))).toBe(false);
});
