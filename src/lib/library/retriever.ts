/**
 * Hybrid retrieval: MiniSearch's BM25+ rankings and med-embed cosine ranking, fused by reciprocal rank fusion.
 * Three lists: the built library by its passages' titles and questions (LIBRARY_SEARCH), the user's documents by
 * their text (their own small index), and the cosine ranking over both.
 * Pure (no fetch, no worker), so the library worker, the evaluation and the benchmark all run this same code.
 */
import MiniSearch from 'minisearch';
import { reciprocalRankFusion } from './fusion';
import { LEXICAL_OPTIONS, LEXICAL_SEARCH, LIBRARY_SEARCH, toIndexed, type IndexedPassage } from './lexicalIndex';
import type { Passage } from './passages';
import { cosineSimilarity } from '../clinical/vectors';
import { quantizeInt8, type Int8Vectors } from './vectorSearch';

export interface Hit {
	passage: Passage;
	/** Reciprocal-rank-fusion score. */
	score: number;
	/** 1-based rank in its BM25 list (library or own documents) and in the embedding list; null where absent. */
	lexicalRank: number | null;
	vectorRank: number | null;
}

export interface SearchOptions {
	k: number;
	/** How many candidates each ranking contributes to the fusion. */
	candidates?: number;
	/** Passages to leave out, e.g. the question's own pair in a leave-one-out evaluation. */
	isExcluded?: (passage: Passage) => boolean;
}

export const DEFAULT_CANDIDATES = 50;

/**
 * A BM25 result scoring under this share of the best one does not enter the fusion. Without it, questions matching
 * only the template words ("What are the symptoms of ...") filled the word list's tail, and as the embedding list
 * holds the same template questions, RRF ranked them over the passages about the question's topic ("What are the
 * symptoms of asthma?" got Gastritis, rabies, Leukemia). On 200 train questions (own pair kept) hybrid recall@5
 * 0.970 -> 0.995; chosen from 0.3 / 0.5 / 0.7 (same recall; the top passage's dev ROUGE-L fell with higher cuts).
 */
export const LEXICAL_MIN_SHARE = 0.3;

export class HybridRetriever {
	/** Vectors of passages added after the built library (personal documents), by position. */
	readonly #addedVectors = new Map<number, Int8Array>();
	/** The added passages' words: a small index of their own, searched on their text. */
	readonly #addedIndex = new MiniSearch<IndexedPassage>(LEXICAL_OPTIONS);
	readonly #removed = new Set<number>();
	readonly passages: Passage[];
	readonly #baseCount: number;

	constructor(
		passages: readonly Passage[],
		readonly index: MiniSearch<IndexedPassage>,
		readonly vectors: Int8Vectors | null
	) {
		if (vectors && vectors.count !== passages.length) {
			throw new Error(`The library has ${passages.length} passages but ${vectors.count} vectors; rebuild it with npm run library.`);
		}
		this.passages = [...passages];
		this.#baseCount = passages.length;
	}

	/** Passages searchable now (the built library plus added documents, minus removed ones). */
	get size(): number {
		return this.passages.length - this.#removed.size;
	}

	/** Adds passages (a personal document) to both rankings; `vectors` (one per passage) may be null. */
	add(passages: readonly Passage[], vectors: readonly (readonly number[])[] | null): void {
		const start = this.passages.length;
		passages.forEach((passage, j) => {
			this.passages.push(passage);
			this.#addedIndex.add(toIndexed(passage, start + j));
			const vector = vectors?.[j];
			if (vector) this.#addedVectors.set(start + j, quantizeInt8(vector));
		});
	}

	/** Removes every added passage whose id starts with `prefix` (a deleted document); returns how many. */
	remove(prefix: string): number {
		let count = 0;
		for (let position = this.#baseCount; position < this.passages.length; position++) {
			if (this.#removed.has(position) || !this.passages[position]?.id.startsWith(prefix)) continue;
			this.#addedIndex.discard(position);
			this.#removed.add(position);
			this.#addedVectors.delete(position);
			count++;
		}
		return count;
	}

	/** The built library's BM25 ranking (titles and questions). */
	lexical(query: string, limit: number, isExcluded?: (p: Passage) => boolean): number[] {
		return this.#ranked(this.index.search(query, LIBRARY_SEARCH), limit, isExcluded);
	}

	/** The added documents' BM25 ranking (their text); empty when none was added. */
	addedLexical(query: string, limit: number, isExcluded?: (p: Passage) => boolean): number[] {
		if (this.#addedIndex.documentCount === 0) return [];
		return this.#ranked(this.#addedIndex.search(query, LEXICAL_SEARCH), limit, isExcluded);
	}

	/** Positions of the results, best first, that score at least LEXICAL_MIN_SHARE of the best one kept. */
	#ranked(results: readonly { id: unknown; score: number }[], limit: number, isExcluded?: (p: Passage) => boolean): number[] {
		const positions: number[] = [];
		let best = 0;
		for (const result of results) {
			const position = Number(result.id);
			const passage = this.passages[position];
			if (!passage || this.#removed.has(position) || isExcluded?.(passage)) continue;
			best ||= result.score;
			if (result.score < LEXICAL_MIN_SHARE * best) break;
			positions.push(position);
			if (positions.length >= limit) break;
		}
		return positions;
	}

	semantic(queryVector: ArrayLike<number>, limit: number, isExcluded?: (p: Passage) => boolean): number[] {
		const skip = isExcluded ? (position: number) => isExcluded(this.passages[position] as Passage) : undefined;
		const found = this.vectors ? this.vectors.nearest(queryVector, limit, skip) : [];
		// Added documents are few: compare with each (same model, so cosines are comparable with the library's).
		for (const [position, vector] of this.#addedVectors) {
			if (skip?.(position)) continue;
			found.push({ position, similarity: cosineSimilarity(queryVector, vector) });
		}
		return found
			.sort((a, b) => b.similarity - a.similarity)
			.slice(0, limit)
			.map((n) => n.position);
	}

	/** Top-k passages for a query; without a query vector (embedding model unavailable) BM25 alone ranks. */
	search(query: string, queryVector: ArrayLike<number> | null, options: SearchOptions): Hit[] {
		const limit = Math.max(options.k, options.candidates ?? DEFAULT_CANDIDATES);
		const lists = [
			this.lexical(query, limit, options.isExcluded),
			this.addedLexical(query, limit, options.isExcluded),
			queryVector ? this.semantic(queryVector, limit, options.isExcluded) : []
		];
		return reciprocalRankFusion(lists)
			.slice(0, options.k)
			.map((fused) => ({
				passage: this.passages[fused.item] as Passage,
				score: fused.score,
				lexicalRank: fused.ranks[0] ?? fused.ranks[1] ?? null,
				vectorRank: fused.ranks[2] ?? null
			}));
	}
}
