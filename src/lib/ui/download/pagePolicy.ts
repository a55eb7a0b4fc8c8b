/**
 * What the download page may contact, read from its own Content-Security-Policy `<meta>` tag (the one place the
 * build writes it, src/lib/security/csp.ts), so a Hub URL setting the policy would block is refused up front
 * with a reason instead of failing mid-download.
 */

/** connect-src sources of the page's policy (`'self'` as the page's origin); null without a policy (dev server). */
export function allowedOrigins(doc: Pick<Document, 'querySelector'>, origin = location.origin): string[] | null {
	const content = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
	if (!content) return null;
	const connect = content
		.split(';')
		.map((d) => d.trim().split(/\s+/))
		.find((d) => d[0] === 'connect-src');
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
