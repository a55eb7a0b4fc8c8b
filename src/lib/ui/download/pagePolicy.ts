/**
 * What the download page may contact, read from its own Content-Security-Policy `<meta>` tag (the one place the
 * build writes it, src/lib/security/csp.ts), so a Hub URL setting the policy would block is refused up front
 * with a reason instead of failing mid-download. Also the device check shown before a large download.
 */

/** connect-src sources of the page's policy (`'self'` as the page's origin); null without a policy (dev server). */
export function allowedOrigins(doc: Pick<Document, 'querySelector'>, origin = location.origin): string[] | null {
	const content = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
	if (!content) return null;
	const connect = content.split(';').map((d) => d.trim().split(/\s+/)).find((d) => d[0] === 'connect-src');
	return (connect?.slice(1) ?? []).map((s) => (s === "'self'" ? origin : s));
}

/** Whether a CSP source list allows an origin (exact, or `scheme://*.domain` for any subdomain). */
export function isAllowedBy(sources: readonly string[] | null, origin: string): boolean {
	if (sources === null) return true;
	return sources.some((source) => {
		if (source === origin) return true;
		const wildcard = /^(https?):\/\/\*\.(.+)$/.exec(source);
		if (!wildcard) return false;
		const url = new URL(origin);
		return url.protocol === `${wildcard[1]}:` && url.hostname.endsWith(`.${wildcard[2]}`);
	});
}

/**
 * A warning when a model is large for this device: `navigator.deviceMemory` (GB, rounded down and capped at 8 by
 * Chromium) is all a page can learn. A model needs about its file size in memory again while it loads.
 */
export function deviceWarning(bytes: number, deviceMemoryGb: number | undefined): string | null {
	if (deviceMemoryGb === undefined || bytes <= 0) return null;
	const share = bytes / (deviceMemoryGb * 1024 ** 3);
	if (share < 0.25) return null;
	return `This device reports about ${deviceMemoryGb} GB of memory; this model's files are ${Math.round(share * 100)}% of it, and loading needs about as much again. It may fail to load or make the browser slow.`;
}
