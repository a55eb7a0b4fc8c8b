/**
 * Memory, where the browser reports it. `performance.measureUserAgentSpecificMemory()` (cross-origin
 * isolated Chromium) counts the page and its workers, so it includes model weights held in WASM memory;
 * `performance.memory` (Chromium) counts only the page's JS heap. Elsewhere: null ("n/a").
 */
export interface MemoryReading {
	bytes: number;
	/** What the figure covers, for display. */
	scope: 'page and workers' | 'page JS heap';
}

interface MemoryApi {
	measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
	memory?: { usedJSHeapSize: number };
}

/** The measurement API may wait for a garbage collection; past this it is skipped for the heap figure. */
export const MEMORY_TIMEOUT_MS = 1500;

export async function readMemory(api: MemoryApi = globalThis.performance as unknown as MemoryApi): Promise<MemoryReading | null> {
	if (api?.measureUserAgentSpecificMemory && globalThis.crossOriginIsolated) {
		try {
			const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), MEMORY_TIMEOUT_MS));
			const result = await Promise.race([api.measureUserAgentSpecificMemory(), timeout]);
			if (result && Number.isFinite(result.bytes)) return { bytes: result.bytes, scope: 'page and workers' };
		} catch {
			// SecurityError when not isolated after all: fall through.
		}
	}
	const heap = api?.memory?.usedJSHeapSize;
	return typeof heap === 'number' && Number.isFinite(heap) ? { bytes: heap, scope: 'page JS heap' } : null;
}
