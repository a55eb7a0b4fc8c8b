/**
 * Memory, where the browser reports it. `performance.measureUserAgentSpecificMemory()` (cross-origin
 * isolated Chromium) counts the page and its workers, so it includes model weights held in WASM memory,
 * but Chromium answers only at its next garbage collection (often 10 to 20 s later); `performance.memory`
 * (Chromium) counts only the page's JS heap and answers at once. Elsewhere: nothing ("n/a").
 */
export interface MemoryReading {
	bytes: number;
	/** What the figure covers, for display. */
	scope: 'page and workers' | 'page JS heap';
}

export interface MemoryApi {
	measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
	memory?: { usedJSHeapSize: number };
}

/** Past this, the full measurement is given up and the heap figure stays. */
export const MEMORY_TIMEOUT_MS = 30_000;

/** The JS heap figure, at once, or null. */
export function readHeap(api: MemoryApi | undefined = globalThis.performance as unknown as MemoryApi): MemoryReading | null {
	const heap = api?.memory?.usedJSHeapSize;
	return typeof heap === 'number' && Number.isFinite(heap) ? { bytes: heap, scope: 'page JS heap' } : null;
}

/**
 * Reports the heap figure at once (when there is one), then the page-and-workers figure when the browser
 * delivers it. `isolated` is whether the page is cross-origin isolated (required by the full measurement).
 */
export function watchMemory(
	report: (reading: MemoryReading | null) => void,
	api: MemoryApi | undefined = globalThis.performance as unknown as MemoryApi,
	isolated: boolean = globalThis.crossOriginIsolated === true
): void {
	report(readHeap(api));
	const measure = api?.measureUserAgentSpecificMemory;
	if (!measure || !isolated) return;
	// The timer is cleared as soon as the browser answers: a pending timer would keep `report` (and, through it,
	// the run's results) alive for the full timeout after every run.
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), MEMORY_TIMEOUT_MS)));
	Promise.race([measure.call(api), timeout])
		.then((result) => {
			if (result && Number.isFinite(result.bytes)) report({ bytes: result.bytes, scope: 'page and workers' });
		})
		.catch(() => {
			// SecurityError when not isolated after all: the heap figure stays.
		})
		.finally(() => clearTimeout(timer));
}
