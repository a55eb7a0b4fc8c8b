/**
 * Seeded percentile-bootstrap confidence intervals over per-item results. The metric is recomputed on each
 * resample from the resampled items, so ratio metrics (micro-F1 over entity counts, macro-F1) stay correct,
 * which averaging per-item scores would not.
 */
import { mean } from './metrics';

export interface BootstrapOptions {
	/** Number of resamples; 1000 is the usual floor for a 95% percentile interval. */
	resamples?: number;
	seed?: number;
	/** Two-sided coverage, e.g. 0.95. */
	confidence?: number;
}

export interface ConfidenceInterval {
	/** The metric on the full sample (not the bootstrap mean). */
	estimate: number;
	lower: number;
	upper: number;
	confidence: number;
	resamples: number;
	seed: number;
	n: number;
}

export const DEFAULT_BOOTSTRAP = { resamples: 1000, seed: 1, confidence: 0.95 } as const;

/** mulberry32: a tiny 32-bit PRNG with good enough statistics for resampling, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Percentile bootstrap CI of `metric` over `items`; the same seed always gives the same interval. */
export function bootstrapCi<T>(
	items: readonly T[],
	metric: (sample: readonly T[]) => number,
	options: BootstrapOptions = {}
): ConfidenceInterval {
	const { resamples, seed, confidence } = { ...DEFAULT_BOOTSTRAP, ...options };
	if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1 (got ${confidence})`);
	const statistics = bootstrapStatistics(items, metric, { resamples, seed });
	const alpha = 1 - confidence;
	return {
		estimate: metric(items),
		lower: quantile(statistics, alpha / 2),
		upper: quantile(statistics, 1 - alpha / 2),
		confidence,
		resamples,
		seed,
		n: items.length
	};
}

/** The metric on each resample (NaN results dropped), sorted ascending: the bootstrap distribution. */
export function bootstrapStatistics<T>(
	items: readonly T[],
	metric: (sample: readonly T[]) => number,
	{ resamples = DEFAULT_BOOTSTRAP.resamples, seed = DEFAULT_BOOTSTRAP.seed }: Omit<BootstrapOptions, 'confidence'> = {}
): number[] {
	if (items.length === 0) throw new RangeError('cannot compute a confidence interval over zero items');
	if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer (got ${resamples})`);
	const random = mulberry32(seed);
	const n = items.length;
	const sample = new Array<T>(n);
	const statistics: number[] = [];
	for (let r = 0; r < resamples; r++) {
		for (let i = 0; i < n; i++) sample[i] = items[Math.floor(random() * n)]!;
		const value = metric(sample);
		if (!Number.isNaN(value)) statistics.push(value);
	}
	return statistics.sort((a, b) => a - b);
}

/** Linear-interpolation quantile of sorted values (NumPy's default), NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return Number.NaN;
	const position = (sorted.length - 1) * q;
	const below = Math.floor(position);
	const above = Math.ceil(position);
	const weight = position - below;
	return sorted[below]! * (1 - weight) + sorted[above]! * weight;
}

/** Mean CI of per-item scores (ROUGE-L, similarity). */
export function meanCi(scores: readonly number[], options?: BootstrapOptions): ConfidenceInterval {
	return bootstrapCi(scores, mean, options);
}
