import { describe, expect, it } from 'vitest';
import { TextStream } from './textStream';

/** A tokenizer whose tokens are the given strings; '\uFFFD' stands for half of a multi-byte character. */
function tokenizer(pieces: string[]) {
	return {
		decode: (ids: number[]) =>
			ids
				.map((id) => pieces[id] ?? '')
				.join('')
				.replace('\uFFFD\uFFFD', 'é')
	};
}

function streamAll(pieces: string[], stops: string[] = []) {
	const stream = new TextStream(tokenizer(pieces), stops);
	const released: string[] = [];
	let stopped = false;
	for (let id = 0; id < pieces.length && !stopped; id++) {
		const out = stream.push(id);
		released.push(out.text);
		stopped = out.isStopString;
	}
	released.push(stream.flush());
	return { released, text: stream.text, stopped };
}

describe('TextStream', () => {
	it('releases whole words, whole lines at a newline, and the rest at the end', () => {
		const { released, text } = streamAll(['Take', ' two', ' tablets', '\n', 'daily']);
		expect(released).toEqual(['', 'Take ', 'two ', 'tablets\n', '', 'daily']);
		expect(text).toBe('Take two tablets\ndaily');
	});

	it('waits for the second half of a character', () => {
		const { released } = streamAll(['caf', '\uFFFD', '\uFFFD', ' ok']);
		expect(released.join('')).toBe('café ok');
		expect(released[1]).toBe('');
	});

	it('cuts at a stop string, even one split over tokens, and never releases it', () => {
		const { released, text, stopped } = streamAll(['Answer:', ' yes', ' Ques', 'tion:', ' more'], ['Question:']);
		expect(stopped).toBe(true);
		expect(text).toBe('Answer: yes ');
		expect(released.join('')).toBe('Answer: yes ');
	});
});
