/**
 * Marks the words of a passage that an answer shares with it, so a reader sees what supports the answer. The
 * result is text segments, rendered with <mark> by the view as text (never HTML).
 */
export interface MarkedSegment {
	text: string;
	isMarked: boolean;
}

/** Short and common words would mark most of any passage. */
const COMMON = new Set(
	'about after also been before being both but can could does each from have into many more most much must other over same should some such than that their them then there these they this those through under very were what when where which while will with would your'.split(
		' '
	)
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'-]*/gu;

function keyOf(word: string): string {
	return word.toLowerCase().replace(/'s$/, '');
}

function isContentWord(key: string): boolean {
	return (key.length >= 4 || /\d/.test(key)) && !COMMON.has(key);
}

export function markSupport(passage: string, answer: string): MarkedSegment[] {
	const answerWords = new Set([...answer.matchAll(WORD)].map((m) => keyOf(m[0])).filter(isContentWord));
	const segments: MarkedSegment[] = [];
	let last = 0;
	const push = (text: string, isMarked: boolean) => {
		const previous = segments.at(-1);
		if (previous && previous.isMarked === isMarked) previous.text += text;
		else if (text !== '') segments.push({ text, isMarked });
	};
	for (const match of passage.matchAll(WORD)) {
		const start = match.index ?? 0;
		const key = keyOf(match[0]);
		if (!answerWords.has(key) || !isContentWord(key)) continue;
		const gap = passage.slice(last, start);
		// Marked words separated only by spaces read as one marked phrase ("uric acid").
		const isPhrase = segments.at(-1)?.isMarked === true && /^\s+$/.test(gap);
		push(gap, isPhrase);
		push(match[0], true);
		last = start + match[0].length;
	}
	push(passage.slice(last), false);
	return segments;
}
