/**
 * Choosing the next token from one row of logits: the logits processors Bedside's decode loop applies, in the
 * order and with the arithmetic Transformers.js `generate()` uses, so that greedy decoding gives the same tokens.
 */

export interface SamplingOptions {
	/** 0 means greedy (argmax). */
	temperature: number;
	/** Nucleus sampling: keep the smallest set of tokens whose probability reaches topP (1: off). */
	topP: number;
	/** Keep only the topK most likely tokens before top-p (0: off). */
	topK: number;
	/** > 1 makes tokens already in the prompt or the answer less likely (1: off), as in CTRL and Transformers. */
	repetitionPenalty: number;
}

/**
 * Transformers' RepetitionPenaltyLogitsProcessor: every token id seen so far (prompt and answer) gets its logit
 * divided by the penalty when positive, multiplied when negative. Each distinct id once.
 */
export function applyRepetitionPenalty(logits: Float32Array, seen: Iterable<number>, penalty: number): void {
	if (penalty === 1) return;
	for (const id of new Set(seen)) {
		const value = logits[id];
		if (value === undefined) continue;
		logits[id] = value > 0 ? value / penalty : value * penalty;
	}
}

/** Index of the largest logit; the first one on ties, as `Tensor.argmax` / `max()` in Transformers.js. */
export function argmax(logits: Float32Array): number {
	let best = 0;
	let bestValue = -Infinity;
	for (let i = 0; i < logits.length; i++) {
		const value = logits[i] as number;
		if (value > bestValue) {
			bestValue = value;
			best = i;
		}
	}
	return best;
}

/**
 * Temperature, then top-k, then top-p, then a draw from the remaining distribution. `random` returns values in
 * [0, 1) (Math.random by default; tests pass a seeded one).
 */
export function sampleToken(logits: Float32Array, options: SamplingOptions, random: () => number = Math.random): number {
	const { temperature, topK, topP } = options;
	if (temperature <= 0) return argmax(logits);
	const candidates = topCandidates(logits, topK > 0 ? topK : 64);
	const max = candidates[0]?.logit ?? 0;
	let total = 0;
	const weights = candidates.map(({ logit }) => {
		const w = Math.exp((logit - max) / temperature);
		total += w;
		return w;
	});
	// Nucleus: candidates are sorted by probability, keep the prefix whose mass reaches topP (at least one).
	let kept = candidates.length;
	if (topP > 0 && topP < 1) {
		let mass = 0;
		for (let i = 0; i < candidates.length; i++) {
			mass += (weights[i] as number) / total;
			if (mass >= topP) {
				kept = i + 1;
				break;
			}
		}
	}
	let keptTotal = 0;
	for (let i = 0; i < kept; i++) keptTotal += weights[i] as number;
	let r = random() * keptTotal;
	for (let i = 0; i < kept; i++) {
		r -= weights[i] as number;
		if (r <= 0) return (candidates[i] as { id: number }).id;
	}
	return (candidates[kept - 1] as { id: number }).id;
}

/**
 * The k highest logits, best first. Sampling beyond the top 64 tokens is not done even when top-k is off:
 * the tail past them carries a negligible share of the probability for a trained model, and sorting a 150k
 * vocabulary every token would cost more than the model step of a small LM.
 */
function topCandidates(logits: Float32Array, k: number): { id: number; logit: number }[] {
	const top: { id: number; logit: number }[] = [];
	for (let id = 0; id < logits.length; id++) {
		const logit = logits[id] as number;
		if (top.length === k && logit <= (top[k - 1] as { logit: number }).logit) continue;
		let at = top.length === k ? k - 1 : top.length;
		if (top.length < k) top.push({ id, logit });
		while (at > 0 && (top[at - 1] as { logit: number }).logit < logit) {
			top[at] = top[at - 1] as { id: number; logit: number };
			at--;
		}
		top[at] = { id, logit };
	}
	return top;
}

/** IEEE half floats (as ONNX Runtime returns float16 logits, in a Uint16Array) to float32. */
export function halfToFloat(bits: Uint16Array): Float32Array {
	const out = new Float32Array(bits.length);
	for (let i = 0; i < bits.length; i++) {
		const h = bits[i] as number;
		const sign = h & 0x8000 ? -1 : 1;
		const exponent = (h >> 10) & 0x1f;
		const fraction = h & 0x3ff;
		if (exponent === 0) out[i] = sign * 2 ** -14 * (fraction / 1024);
		else if (exponent === 31) out[i] = fraction ? NaN : sign * Infinity;
		else out[i] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
	}
	return out;
}
