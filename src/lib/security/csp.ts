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

/** Directives a `<meta>` tag cannot carry (browsers ignore them there): header only. */
const HEADER_ONLY: Readonly<Record<string, readonly string[]>> = {
	'frame-ancestors': ["'none'"]
};

/** The policy as a header value (`forHeader`) or as the content of the `<meta>` tag. */
export function contentSecurityPolicy(forHeader: boolean): string {
	const directives = forHeader ? { ...CSP_DIRECTIVES, ...HEADER_ONLY } : CSP_DIRECTIVES;
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
				const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(false)}" />`;
				// After the charset, which must come first; before any script or stylesheet.
				return html.replace(/(<meta charset="[^"]*" \/>)/i, `$1\n\t\t${meta}`);
			}
		},
		configurePreviewServer(server) {
			const header = contentSecurityPolicy(true);
			server.middlewares.use((_request, response, next) => {
				response.setHeader('Content-Security-Policy', header);
				next();
			});
		}
	};
}
