/**
 * The app's Content-Security-Policy, in one place. The build injects it as a `<meta>` tag into index.html and
 * `vite preview` sends it as a header on every response: a worker's policy comes only from its script's
 * response header, so the header is what holds the inference workers (and their ONNX Runtime threads) to it.
 *
 * - `script-src 'self' 'wasm-unsafe-eval'`: ONNX Runtime compiles its WASM binary; no inline scripts, no eval.
 * - `worker-src 'self'`: the inference workers and ORT's pthread workers are files of this app.
 * - `connect-src 'self'`: models and ORT files come from this origin only; nothing else can be fetched.
 * - `style-src 'self'`: Svelte's component styles are extracted to a CSS file in the build.
 * The dev server (HMR injects `<style>` tags) runs without it.
 *
 * download.html (the only page that talks to another origin, and where no note is typed) gets the same policy
 * with `connect-src` widened to the Hugging Face Hub and its CDN hosts, plus any origins in BEDSIDE_HUB_ORIGINS
 * at build and preview time (a mirror, or the e2e tests' local fake Hub). Every other page keeps `'self'`.
 */
import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
	'default-src': ["'self'"],
	'script-src': ["'self'", "'wasm-unsafe-eval'"],
	'worker-src': ["'self'"],
	'connect-src': ["'self'"],
	'img-src': ["'self'", 'data:'],
	'style-src': ["'self'"],
	'font-src': ["'self'"],
	'manifest-src': ["'self'"],
	'object-src': ["'none'"],
	'base-uri': ["'self'"],
	'form-action': ["'self'"]
};

/**
 * The Hub answers `/resolve/` with a redirect to its CDN hosts (cdn-lfs*.hf.co, cas-bridge.xethub.hf.co; older
 * files under *.huggingface.co). A CSP `*.` wildcard matches any depth of subdomain.
 */
export const HUB_ORIGINS: readonly string[] = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

/** The download page's path (Vite's second entry, see vite.config.ts). */
export const DOWNLOAD_PAGE = 'download.html';

/** HUB_ORIGINS plus the space-separated origins of BEDSIDE_HUB_ORIGINS (a mirror; the e2e fake Hub). */
export function hubOrigins(extra: string | undefined = process.env.BEDSIDE_HUB_ORIGINS): string[] {
	const added = (extra ?? '').split(/\s+/).filter((o) => /^https?:\/\/[^\s/;,']+$/.test(o));
	return [...HUB_ORIGINS, ...added];
}

/** Directives a `<meta>` tag cannot carry (browsers ignore them there): header only. */
const HEADER_ONLY: Readonly<Record<string, readonly string[]>> = {
	'frame-ancestors': ["'none'"]
};

/** The policy as a header value (`forHeader`) or as the content of the `<meta>` tag. */
export function contentSecurityPolicy(forHeader: boolean, connectTo: readonly string[] = []): string {
	const base =
		connectTo.length === 0 ? CSP_DIRECTIVES : { ...CSP_DIRECTIVES, 'connect-src': [...CSP_DIRECTIVES['connect-src']!, ...connectTo] };
	const directives = forHeader ? { ...base, ...HEADER_ONLY } : base;
	return Object.entries(directives)
		.map(([name, values]) => `${name} ${values.join(' ')}`)
		.join('; ');
}

/** Build: the `<meta>` tag right after the charset. Preview: the header on every response, workers included. */
export function bedsideCsp(): Plugin {
	return {
		name: 'bedside-csp',
		transformIndexHtml: {
			order: 'post',
			handler(html, context) {
				if (context.server) return html;
				const connectTo = (context.path ?? '').endsWith(DOWNLOAD_PAGE) ? hubOrigins() : [];
				const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(false, connectTo)}" />`;
				// After the charset, which must come first; before any script or stylesheet.
				return html.replace(/(<meta charset="[^"]*" \/>)/i, `$1\n\t\t${meta}`);
			}
		},
		configurePreviewServer(server) {
			const header = contentSecurityPolicy(true);
			const downloadHeader = contentSecurityPolicy(true, hubOrigins());
			server.middlewares.use((request, response, next) => {
				const path = (request.url ?? '').split('?')[0] ?? '';
				response.setHeader('Content-Security-Policy', path.endsWith(`/${DOWNLOAD_PAGE}`) ? downloadHeader : header);
				next();
			});
		}
	};
}
