/** Vector maths for injected sentence embeddings. Plain arrays keep these functions testable by hand. */

export type Vector = ArrayLike<number>;

/** Cosine similarity in [-1, 1]; 0 when either vector is all zeros (nothing to compare). */
export function cosineSimilarity(a: Vector, b: Vector): number {
	if (a.length !== b.length) {
		throw new RangeError(`Vectors differ in length (${a.length} vs ${b.length}).`);
	}
	let dot = 0;
	let normA = 0;
	let normB = 0;
	for (let i = 0; i < a.length; i++) {
		const x = a[i] ?? 0;
		const y = b[i] ?? 0;
		dot += x * y;
		normA += x * x;
		normB += y * y;
	}
	if (normA === 0 || normB === 0) return 0;
	return dot / Math.sqrt(normA * normB);
}

/** rows[i][j] = cosine(rows[i], columns[j]). */
export function cosineMatrix(rows: readonly Vector[], columns: readonly Vector[]): number[][] {
	return rows.map((row) => columns.map((column) => cosineSimilarity(row, column)));
}

/** Softmax of `values / temperature`, shifted by the maximum so large logits do not overflow. */
export function softmax(values: readonly number[], temperature = 1): number[] {
	if (!(temperature > 0)) throw new RangeError(`Temperature must be positive, got ${temperature}.`);
	if (values.length === 0) return [];
	const scaled = values.map((v) => v / temperature);
	const max = Math.max(...scaled);
	const exps = scaled.map((v) => Math.exp(v - max));
	const sum = exps.reduce((a, b) => a + b, 0);
	return exps.map((e) => e / sum);
}
