import { describe, expect, it } from 'vitest';
import { citedNumbers, parseCitations, stripCitations } from './citations';

describe('parseCitations', () => {
	it('splits text and markers, 1-based, flagging numbers with no passage', () => {
		expect(parseCitations('It is inherited [1]. Rarely [2, 5]; see [3][1].', 3)).toEqual([
			{ kind: 'text', text: 'It is inherited ' },
			{ kind: 'cite', n: 1, isKnown: true, raw: '[1]' },
			{ kind: 'text', text: '. Rarely ' },
			{ kind: 'cite', n: 2, isKnown: true, raw: '[2, 5]' },
			{ kind: 'cite', n: 5, isKnown: false, raw: '[2, 5]' },
			{ kind: 'text', text: '; see ' },
			{ kind: 'cite', n: 3, isKnown: true, raw: '[3]' },
			{ kind: 'cite', n: 1, isKnown: true, raw: '[1]' },
			{ kind: 'text', text: '.' }
		]);
	});

	it('leaves text without markers, and bracketed words, as text', () => {
		expect(parseCitations('No markers [here] or [a1].', 2)).toEqual([{ kind: 'text', text: 'No markers [here] or [a1].' }]);
		expect(parseCitations('', 2)).toEqual([]);
	});

	it('treats [0] as unknown and reads a half-streamed marker as text', () => {
		expect(parseCitations('x [0]', 2)[1]).toMatchObject({ kind: 'cite', n: 0, isKnown: false });
		expect(parseCitations('Streaming [1', 2)).toEqual([{ kind: 'text', text: 'Streaming [1' }]);
	});
});

describe('citedNumbers and stripCitations', () => {
	it('lists known numbers once, in order', () => {
		expect(citedNumbers('a [2] b [1][2] c [9]', 3)).toEqual([2, 1]);
	});

	it('removes markers and tidies the spaces they leave', () => {
		expect(stripCitations('It is inherited [1]. Rarely [2, 3] , seen.')).toBe('It is inherited. Rarely, seen.');
	});
});
