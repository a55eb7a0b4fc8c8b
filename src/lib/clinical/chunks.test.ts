import { describe, expect, it } from 'vitest';
import { inBatches, splitLongSentences } from './chunks';
import { splitSentences } from './sentences';

describe('splitLongSentences', () => {
	it('keeps short sentences and cuts a long one at spaces into pieces that cover it all, with offsets', () => {
		const long = `${'the patient remained stable '.repeat(300)}and received warfarin`;
		const note = `Short one.\n${long}`;
		const pieces = splitLongSentences(splitSentences(note), 400);
		expect(pieces[0]?.text).toBe('Short one.');
		for (const p of pieces) {
			expect(p.text.length).toBeLessThanOrEqual(400);
			expect(note.slice(p.start, p.end)).toBe(p.text);
		}
		expect(pieces.at(-1)?.text.endsWith('and received warfarin')).toBe(true);
		expect(
			pieces
				.slice(1)
				.map((p) => p.text)
				.join(' ')
		).toBe(long);
	});
	it('cuts a piece with no space at the limit', () => {
		const pieces = splitLongSentences([{ text: 'x'.repeat(1000), start: 5, end: 1005 }], 400);
		expect(pieces.map((p) => [p.start, p.end])).toEqual([
			[5, 405],
			[405, 805],
			[805, 1005]
		]);
	});
});

describe('inBatches', () => {
	it('sends at most `size` items per call and keeps the order', async () => {
		const sizes: number[] = [];
		const out = await inBatches(
			Array.from({ length: 600 }, (_, i) => i),
			async (batch) => {
				sizes.push(batch.length);
				return { results: batch.map((n) => n * 2), ms: 1 };
			},
			256
		);
		expect(sizes).toEqual([256, 256, 88]);
		expect(out.results).toEqual(Array.from({ length: 600 }, (_, i) => i * 2));
		expect(out.ms).toBe(3);
	});
});
