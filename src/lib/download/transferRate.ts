/**
 * Speed and time left of a transfer from (time, bytes) samples over the last few seconds: a whole-run average
 * would hide a stall, a single step would jump about.
 */
export const RATE_WINDOW_MS = 3000;

export interface Sample {
	ms: number;
	bytes: number;
}

/** Adds a sample and drops the ones older than the window (keeping one before it as the base). */
export function addSample(samples: readonly Sample[], sample: Sample, windowMs = RATE_WINDOW_MS): Sample[] {
	const next = [...samples, sample];
	const firstInWindow = next.findIndex((s) => s.ms >= sample.ms - windowMs);
	return next.slice(Math.max(0, firstInWindow - 1));
}

/** Bytes per second over the samples; null until there are two a moment apart. */
export function bytesPerSecond(samples: readonly Sample[]): number | null {
	const first = samples[0];
	const last = samples[samples.length - 1];
	if (!first || !last || last.ms - first.ms < 200) return null;
	return Math.max(0, (last.bytes - first.bytes) / ((last.ms - first.ms) / 1000));
}

/** Seconds until `total` at `rate`; null when unknown or stalled. */
export function secondsLeft(loaded: number, total: number | null, rate: number | null): number | null {
	if (total === null || rate === null || rate <= 0) return null;
	return Math.max(0, (total - loaded) / rate);
}

export function formatDuration(seconds: number): string {
	if (seconds < 60) return `${Math.ceil(seconds)} s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
