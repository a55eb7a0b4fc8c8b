/**
 * The privacy indicator's evidence: every resource the page or an inference worker fetched (Resource Timing
 * entries) and every request the Content-Security-Policy refused (`securitypolicyviolation`), split into this
 * origin and off-origin. Workers have their own performance timeline, so each worker forwards what it sees
 * over a BroadcastChannel; the page adds it up. Expect zero off-origin: the CSP and the app allow none.
 */

export const NETWORK_CHANNEL = 'bedside-network';

/** One observation: a fetched resource, or a request the CSP blocked. */
export interface NetworkObservation {
	kind: 'resource' | 'blocked';
	url: string;
	/** Where it was seen: 'page' or a worker's name. */
	source: string;
}

/** True for URLs that leave `origin`; `data:`, `blob:` and unparsable or empty values do not. */
export function isOffOrigin(url: string, origin: string): boolean {
	if (url === '' || url.startsWith('data:') || url.startsWith('blob:')) return false;
	// CSP reports 'inline', 'eval', 'wasm-eval' and 'self' as blockedURI: not requests.
	if (/^(inline|eval|wasm-eval|self|trusted-types-sink)$/.test(url)) return false;
	try {
		return new URL(url, origin).origin !== origin;
	} catch {
		return false;
	}
}

/** Watches the current global (window or worker): resource entries, including those before the call, and CSP blocks. */
export function observeNetwork(source: string, onObservation: (observation: NetworkObservation) => void): () => void {
	const stops: (() => void)[] = [];
	if (typeof PerformanceObserver !== 'undefined') {
		const observer = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) onObservation({ kind: 'resource', url: entry.name, source });
		});
		try {
			observer.observe({ type: 'resource', buffered: true });
			stops.push(() => observer.disconnect());
		} catch {
			// No Resource Timing here: nothing to observe.
		}
	}
	const onViolation = (event: SecurityPolicyViolationEvent) => onObservation({ kind: 'blocked', url: event.blockedURI, source });
	if (typeof globalThis.addEventListener === 'function') {
		globalThis.addEventListener('securitypolicyviolation', onViolation as EventListener);
		stops.push(() => globalThis.removeEventListener('securitypolicyviolation', onViolation as EventListener));
	}
	return () => stops.forEach((stop) => stop());
}

/** In a worker: forward its observations to the page. */
export function reportWorkerNetwork(source: string): void {
	if (typeof BroadcastChannel === 'undefined') return;
	const channel = new BroadcastChannel(NETWORK_CHANNEL);
	observeNetwork(source, (observation) => channel.postMessage(observation));
}

/** Counts observations; the page's indicator renders it. */
export class NetworkTally {
	readonly #origin: string;
	local = 0;
	readonly offOrigin: NetworkObservation[] = [];
	readonly blocked: NetworkObservation[] = [];

	constructor(origin: string) {
		this.#origin = origin;
	}

	add(observation: NetworkObservation): void {
		if (!isOffOrigin(observation.url, this.#origin)) {
			if (observation.kind === 'resource') this.local += 1;
			return;
		}
		(observation.kind === 'resource' ? this.offOrigin : this.blocked).push(observation);
	}
}
