import { describe, expect, it } from 'vitest';
import { markSupport } from './highlight';
import { buildLexicalIndex } from './lexicalIndex';
import { planGrounding, groundLibraryAnswer } from './libraryGrounding';
import type { Passage } from './passages';
import { HybridRetriever } from './retriever';
import { Int8Vectors, quantizeInt8 } from './vectorSearch';

const passage = (id: string, title: string, text: string): Passage => ({
	id,
	question: `What is ${title} ?`,
	title,
	source: 'x/1.xml',
	text
});
const PASSAGES = [
	passage('a#0', 'Liddle syndrome', 'Liddle syndrome is inherited in an autosomal dominant manner and causes high blood pressure.'),
	passage('b#0', 'Asthma', 'Asthma narrows the airways and causes wheezing and shortness of breath.'),
	passage('c#0', 'Gout', 'Gout is arthritis caused by uric acid crystals in a joint.')
];

describe('Int8Vectors', () => {
	it('quantizes to [-127, 127] and ranks by cosine', () => {
		expect([...quantizeInt8([0.5, -1, 0])]).toEqual([64, -127, 0]);
		const data = new Int8Array([...quantizeInt8([1, 0, 0]), ...quantizeInt8([0, 1, 0]), ...quantizeInt8([0.7, 0.7, 0])]);
		const vectors = new Int8Vectors(data, 3);
		expect(vectors.nearest([1, 0.1, 0], 2).map((n) => n.position)).toEqual([0, 2]);
		expect(vectors.nearest([1, 0.1, 0], 2, (p) => p === 0).map((n) => n.position)).toEqual([2, 1]);
		expect(() => new Int8Vectors(new Int8Array(5), 3)).toThrow(RangeError);
	});
});

describe('HybridRetriever', () => {
	const index = buildLexicalIndex(PASSAGES);
	const vectors = new Int8Vectors(new Int8Array([127, 0, 0, 0, 127, 0, 0, 0, 127]), 3);
	const retriever = new HybridRetriever(PASSAGES, index, vectors);

	it('ranks by BM25 alone without a query vector', () => {
		const hits = retriever.search('Is Liddle syndrome inherited?', null, { k: 2 });
		expect(hits[0]?.passage.id).toBe('a#0');
		expect(hits[0]?.vectorRank).toBeNull();
	});

	it('fuses both rankings and can leave a passage out', () => {
		const hits = retriever.search('what is asthma', [0.1, 1, 0.1], { k: 3 });
		expect(hits[0]?.passage.id).toBe('b#0');
		expect(hits[0]).toMatchObject({ lexicalRank: 1, vectorRank: 1 });
		const without = retriever.search('what is asthma', [0.1, 1, 0.1], { k: 3, isExcluded: (p) => p.id.startsWith('b') });
		expect(without.map((h) => h.passage.id)).not.toContain('b#0');
	});

	it('leaves out word matches far below the best one, so template words alone do not reach the fusion', () => {
		const titled = (query: string) => retriever.lexical(query, 5).map((p) => PASSAGES[p]?.id);
		// Two query words in one title outscore one in another by more than the cut; one each is a tie, both kept.
		expect(titled('liddle syndrome gout')).toEqual(['a#0']);
		expect(titled('liddle gout').sort()).toEqual(['a#0', 'c#0']);
	});

	it('matches the built library on titles and questions, and added documents on their text', () => {
		const own = new HybridRetriever(PASSAGES, buildLexicalIndex(PASSAGES), null);
		// "wheezing" is only in a library passage's text: no word match there.
		expect(own.search('wheezing', null, { k: 3 })).toEqual([]);
		own.add(
			[{ id: 'doc:notes#0', question: '', title: 'notes.txt', source: 'notes.txt', text: 'Night-time wheezing after exercise.' }],
			null
		);
		const hits = own.search('wheezing', null, { k: 3 });
		expect(hits.map((h) => h.passage.id)).toEqual(['doc:notes#0']);
		expect(hits[0]?.lexicalRank).toBe(1);
		expect(own.remove('doc:notes')).toBe(1);
		expect(own.search('wheezing', null, { k: 3 })).toEqual([]);
	});

	it('refuses vectors that do not match the passages', () => {
		expect(() => new HybridRetriever(PASSAGES, index, new Int8Vectors(new Int8Array(6), 3))).toThrow(/2 vectors/);
	});
});

describe('markSupport', () => {
	it('marks the content words the answer shares with the passage, as text segments', () => {
		const segments = markSupport('Gout is arthritis caused by uric acid crystals.', 'Gout comes from uric acid [1].');
		expect(segments.filter((s) => s.isMarked).map((s) => s.text)).toEqual(['Gout', 'uric acid']);
		expect(segments.map((s) => s.text).join('')).toBe('Gout is arthritis caused by uric acid crystals.');
	});
});

describe('library grounding', () => {
	it('checks each sentence against the passages it cites only', () => {
		const answer = 'Liddle syndrome is dominant [1]. It causes wheezing [1].';
		const plan = planGrounding(
			answer,
			PASSAGES.map((p) => p.text)
		);
		expect(plan.answerTexts).toEqual(['Liddle syndrome is dominant.', 'It causes wheezing.']);
		expect(plan.cited).toEqual([[1], [1]]);
		// Fake embeddings: answer sentence 0 matches passage 1's sentence, sentence 1 matches only passage 2's.
		const evidenceVectors = plan.evidence.map((e) => (e.passage === 1 ? [1, 0] : e.passage === 2 ? [0, 1] : [-1, 0]));
		const flags = groundLibraryAnswer(
			plan,
			[
				[1, 0],
				[0, 1]
			],
			evidenceVectors,
			PASSAGES.map((p) => p.text)
		);
		expect(flags.map((f) => f.status)).toEqual(['supported', 'unsupported']);
		expect(answer.slice(flags[0]!.sentence.start, flags[0]!.sentence.end)).toBe('Liddle syndrome is dominant [1].');
	});

	it('keeps a marker after the full stop with its sentence', () => {
		const plan = planGrounding(
			'Gout hurts. [3] Asthma wheezes.',
			PASSAGES.map((p) => p.text)
		);
		expect(plan.cited).toEqual([[3], []]);
	});
});

describe('HybridRetriever with personal documents', () => {
	it('adds passages to both rankings and removes them again', () => {
		const retriever = new HybridRetriever(
			PASSAGES,
			buildLexicalIndex(PASSAGES),
			new Int8Vectors(new Int8Array([127, 0, 0, 0, 127, 0, 0, 0, 127]), 3)
		);
		const own: Passage[] = [
			{
				id: 'doc:d1#0',
				question: '',
				title: 'my notes',
				source: 'Your document: my notes',
				text: 'Zorbital syndrome is treated with rest.'
			}
		];
		retriever.add(own, [[0.6, 0.6, 0.5]]);
		expect(retriever.size).toBe(4);
		expect(retriever.search('zorbital', null, { k: 1 })[0]?.passage.id).toBe('doc:d1#0');
		expect(retriever.semantic([0.6, 0.6, 0.5], 1)).toEqual([3]);
		expect(retriever.remove('doc:d1#')).toBe(1);
		expect(retriever.size).toBe(3);
		expect(retriever.search('zorbital', [0.6, 0.6, 0.5], { k: 3 }).map((h) => h.passage.id)).not.toContain('doc:d1#0');
		expect(retriever.remove('a#')).toBe(0); // the built library is never removed
	});
});
