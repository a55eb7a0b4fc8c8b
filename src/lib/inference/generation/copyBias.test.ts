import { describe, expect, it } from 'vitest';
import { CopyBias } from './copyBias';

const VOCAB = 20;
const row = () => new Float32Array(VOCAB);
/** The ids whose logit the bias raised, and by how much. */
function raised(bias: CopyBias): Record<number, number> {
	const logits = row();
	bias.apply(logits);
	return Object.fromEntries([...logits.entries()].filter(([, v]) => v !== 0));
}

// Two sources: 1 2 3 4 5 and 6 2 3 7; token 9 ends a sentence.
const SOURCES = [
	[1, 2, 3, 4, 5],
	[6, 2, 3, 7]
];
const strength = { follow: 10, enter: 2 };
const make = () => new CopyBias(SOURCES, strength, (id) => id === 9);

describe('CopyBias', () => {
	it('pushes each source first token at the start of the answer, and nothing else', () => {
		expect(raised(make())).toEqual({ 1: 2, 6: 2 });
	});

	it('follows every place the copied tokens occur, and narrows as the copy goes on', () => {
		const bias = make();
		bias.accept(2);
		expect(bias.isCopying).toBe(true);
		expect(raised(bias)).toEqual({ 3: 10 });
		bias.accept(3);
		expect(raised(bias)).toEqual({ 4: 10, 7: 10 });
		bias.accept(7);
		// The second source ends there: nothing to follow, and 7 ends no sentence, so no push to enter either.
		expect(bias.isCopying).toBe(false);
		expect(raised(bias)).toEqual({});
	});

	it('never runs from one source into the next', () => {
		const bias = make();
		for (const id of [1, 2, 3, 4, 5]) bias.accept(id);
		expect(raised(bias)).toEqual({});
	});

	it('does not copy a position twice, so an answer cannot loop over one span', () => {
		const bias = new CopyBias([[1, 2, 1, 2]], strength);
		bias.accept(1);
		expect(raised(bias)).toEqual({ 2: 10 });
		bias.accept(2);
		bias.accept(1);
		bias.accept(2);
		expect(raised(bias)).toEqual({});
		bias.accept(1);
		expect(bias.isCopying).toBe(false);
	});

	it('pushes to enter again after a sentence the model wrote itself, and forgets everything on reset', () => {
		const bias = make();
		bias.accept(8);
		expect(raised(bias)).toEqual({});
		bias.accept(9);
		expect(raised(bias)).toEqual({ 1: 2, 6: 2 });
		bias.accept(2);
		bias.reset();
		expect(raised(bias)).toEqual({ 1: 2, 6: 2 });
	});

	it('changes nothing with both strengths 0 or without sources', () => {
		const off = new CopyBias(SOURCES, { follow: 0, enter: 0 });
		expect(raised(off)).toEqual({});
		off.accept(2);
		expect(raised(off)).toEqual({});
		expect(raised(new CopyBias([], strength))).toEqual({});
	});

	it('opens the answer with a source first word as spelt there (no leading space), then follows that source', () => {
		// Source ids 11 12 13 start with " Hydro" (11); as the answer's first token it is "Hydro" (15).
		const bias = new CopyBias([[11, 12, 13]], strength, () => false, [15]);
		expect(raised(bias)).toEqual({ 15: 2 });
		bias.accept(15);
		expect(raised(bias)).toEqual({ 12: 10 });
		bias.accept(12);
		expect(raised(bias)).toEqual({ 13: 10 });
	});
});
