/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher 2009): each ranked list gives an item 1 / (k + rank),
 * rank from 1; items are ordered by the sum. It needs no score calibration between BM25 and cosine, which is why
 * the hybrid retriever uses it. k = 60 is the paper's value.
 */
export const RRF_K = 60;

export interface FusedItem<T> {
	item: T;
	score: number;
	/** 1-based rank in each input list, null where the item is absent. */
	ranks: (number | null)[];
}

export function reciprocalRankFusion<T>(lists: readonly (readonly T[])[], k = RRF_K): FusedItem<T>[] {
	const fused = new Map<T, FusedItem<T>>();
	lists.forEach((list, listIndex) => {
		const seen = new Set<T>();
		list.forEach((item, position) => {
			if (seen.has(item)) return; // a duplicate within one list counts once, at its best rank
			seen.add(item);
			let entry = fused.get(item);
			if (!entry) {
				entry = { item, score: 0, ranks: lists.map(() => null) };
				fused.set(item, entry);
			}
			entry.score += 1 / (k + position + 1);
			entry.ranks[listIndex] = position + 1;
		});
	});
	// Ties keep first-seen order (Array.prototype.sort is stable), so results are deterministic.
	return [...fused.values()].sort((a, b) => b.score - a.score);
}
