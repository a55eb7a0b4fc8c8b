/**
 * BIO tags for the words of a pre-tokenized sentence from a token classifier's word-piece predictions: each word
 * takes the label of its first piece (as Bedside's NER model was trained), types outside the wanted set become 'O',
 * and the result is repaired to valid IOB2. Used by the NER evaluation (eval/runners/ner.ts), whose sets come
 * pre-tokenized; notes typed in Compare get character spans from entities.ts instead.
 */
import { parseTag, preTokenizeWords, type TokenPrediction } from './entities';

/** Case- and accent-free form, for uncased tokenizers. */
function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** WordPiece as the BERT tokenizer applies it (greedy longest match, '##' continuations); pieces per word. */
export function wordPieceCount(word: string, vocab: ReadonlySet<string>, maxChars = 100): number {
	if (word.length > maxChars) return 1;
	let start = 0;
	let count = 0;
	while (start < word.length) {
		let end = word.length;
		while (end > start && !vocab.has(start > 0 ? `##${word.slice(start, end)}` : word.slice(start, end))) end--;
		if (end === start) return 1; // the whole word becomes [UNK]
		count++;
		start = end;
	}
	return count;
}

/**
 * With the tokenizer's vocabulary the alignment is exact: the position ([CLS] = 0) of each dataset token's
 * first piece is known, so each returned prediction is matched by its index.
 */
export function tagsFromPiecesExact(
	tokens: readonly string[],
	pieces: readonly TokenPrediction[],
	vocab: ReadonlySet<string>,
	types?: ReadonlySet<string>
): string[] {
	const firstPieceOf = new Map<number, number>();
	let position = 1;
	tokens.forEach((token, t) => {
		preTokenizeWords(token).forEach((word, w) => {
			if (w === 0) firstPieceOf.set(position, t);
			position += wordPieceCount(word.word, vocab);
		});
	});
	const tags = tokens.map(() => 'O');
	for (const piece of pieces) {
		const token = firstPieceOf.get(piece.index);
		if (token === undefined) continue;
		const { prefix, type } = parseTag(piece.entity);
		if (prefix === 'O' || (types && !types.has(type))) continue;
		tags[token] = `${prefix === 'B' || prefix === 'S' ? 'B' : 'I'}-${type}`;
	}
	return repairBio(tags);
}

/**
 * Without the vocabulary: one BIO tag per dataset token from the (non-O) piece predictions on
 * `tokens.join(' ')`, matching pieces to pre-tokenizer words by spelling, in order (approximate).
 */
export function tagsFromPieces(tokens: readonly string[], pieces: readonly TokenPrediction[], types?: ReadonlySet<string>): string[] {
	const text = tokens.join(' ');
	// Character start of each dataset token, and the pre-tokenizer words with the token each belongs to.
	const tokenStarts: number[] = [];
	let offset = 0;
	for (const token of tokens) {
		tokenStarts.push(offset);
		offset += token.length + 1;
	}
	const words = preTokenizeWords(text).map((word) => {
		let token = 0;
		while (token + 1 < tokenStarts.length && (tokenStarts[token + 1] ?? Infinity) <= word.start) token++;
		return { ...word, token, isFirst: word.start === tokenStarts[token] };
	});
	const tags = tokens.map(() => 'O');
	let cursor = 0;
	for (const piece of [...pieces].sort((a, b) => a.index - b.index)) {
		if (piece.word.startsWith('##')) continue;
		// Word j's first piece is at index >= j + 1 ([CLS] is 0), so the piece's word is at most index - 1.
		const last = Math.min(words.length - 1, piece.index - 1);
		const target = fold(piece.word);
		// The latest matching word that index allows: words before it with several pieces only move it left,
		// and an earlier word of the same spelling was then most likely an 'O' piece the pipeline dropped.
		let found = -1;
		for (let j = last; j >= cursor; j--) {
			if (piece.word === '[UNK]' || fold(words[j]?.word ?? '').startsWith(target)) {
				found = j;
				break;
			}
		}
		if (found < 0) continue;
		cursor = found + 1;
		const word = words[found];
		if (!word?.isFirst) continue;
		const { prefix, type } = parseTag(piece.entity);
		if (prefix === 'O' || (types && !types.has(type))) continue;
		tags[word.token] = `${prefix === 'B' || prefix === 'S' ? 'B' : 'I'}-${type}`;
	}
	return repairBio(tags);
}

/** I-X not after B-X / I-X becomes B-X, so the sequence is valid IOB2. */
export function repairBio(tags: readonly string[]): string[] {
	return tags.map((tag, i) => {
		if (!tag.startsWith('I-')) return tag;
		const previous = tags[i - 1] ?? 'O';
		return previous === `B-${tag.slice(2)}` || previous === `I-${tag.slice(2)}` ? tag : `B-${tag.slice(2)}`;
	});
}
