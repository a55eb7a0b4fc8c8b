/**
 * The embedding half of retrieval: passages' med-embed vectors stored as int8 (each vector scaled by its own
 * largest component, so no scale needs storing: cosine similarity does not depend on a vector's length).
 */

/** Quantizes one float vector to int8 in [-127, 127], scaled by its largest absolute component. */
export function quantizeInt8(vector: ArrayLike<number>): Int8Array {
	let max = 0;
	for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i] ?? 0));
	const out = new Int8Array(vector.length);
	if (max === 0) return out;
	for (let i = 0; i < vector.length; i++) out[i] = Math.round(((vector[i] ?? 0) / max) * 127);
	return out;
}

export class Int8Vectors {
	readonly count: number;
	readonly #norms: Float32Array;

	constructor(
		readonly data: Int8Array,
		readonly dim: number
	) {
		if (dim <= 0 || data.length % dim !== 0)
			throw new RangeError(`Vector data of ${data.length} values is not a multiple of dimension ${dim}.`);
		this.count = data.length / dim;
		this.#norms = new Float32Array(this.count);
		for (let v = 0; v < this.count; v++) {
			let sum = 0;
			for (let i = v * dim; i < (v + 1) * dim; i++) sum += (data[i] ?? 0) ** 2;
			this.#norms[v] = Math.sqrt(sum);
		}
	}

	/** Positions of the `k` vectors most cosine-similar to `query`, best first, with their similarities. */
	nearest(
		query: ArrayLike<number>,
		k: number,
		isExcluded: (position: number) => boolean = () => false
	): { position: number; similarity: number }[] {
		if (query.length !== this.dim) throw new RangeError(`Query has ${query.length} dimensions, the library ${this.dim}.`);
		let queryNorm = 0;
		for (let i = 0; i < this.dim; i++) queryNorm += (query[i] ?? 0) ** 2;
		queryNorm = Math.sqrt(queryNorm) || 1;
		const best: { position: number; similarity: number }[] = [];
		const { data, dim } = this;
		for (let v = 0; v < this.count; v++) {
			let dot = 0;
			const offset = v * dim;
			for (let i = 0; i < dim; i++) dot += (data[offset + i] as number) * (query[i] as number);
			const similarity = dot / ((this.#norms[v] || 1) * queryNorm);
			if (best.length === k && similarity <= (best[k - 1] as { similarity: number }).similarity) continue;
			if (isExcluded(v)) continue;
			let at = best.length;
			while (at > 0 && (best[at - 1] as { similarity: number }).similarity < similarity) at--;
			best.splice(at, 0, { position: v, similarity });
			if (best.length > k) best.pop();
		}
		return best;
	}
}
