import { describe, expect, it } from 'vitest';
import { bedsideCsp, contentSecurityPolicy, HUB_ORIGINS, hubOrigins } from './csp';

describe('contentSecurityPolicy', () => {
	it('is strict: own origin only, WASM compilation allowed, no inline scripts and no eval', () => {
		const policy = contentSecurityPolicy(true);
		expect(policy).toContain("default-src 'self'");
		expect(policy).toContain("connect-src 'self';");
		expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
		expect(policy).toContain("worker-src 'self';");
		expect(policy).not.toContain("'unsafe-inline'");
		expect(policy).not.toContain("'unsafe-eval'");
		expect(policy).not.toMatch(/\bblob:|\*|https?:/);
	});

	it('leaves header-only directives out of the meta tag', () => {
		expect(contentSecurityPolicy(true)).toContain("frame-ancestors 'none'");
		expect(contentSecurityPolicy(false)).not.toContain('frame-ancestors');
	});

	it('injects the meta tag after the charset in the build, and nothing for the dev server', () => {
		const plugin = bedsideCsp();
		const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: object) => string };
		const html = '<head>\n\t\t<meta charset="UTF-8" />\n\t\t<title>x</title>';
		const built = hook.handler(html, {});
		expect(built.indexOf('charset')).toBeLessThan(built.indexOf('Content-Security-Policy'));
		expect(built).toContain(`content="${contentSecurityPolicy(false)}"`);
		expect(hook.handler(html, { server: {} })).toBe(html);
	});
});

describe('the download page policy', () => {
	it('widens connect-src to the Hub hosts only, on download.html only', () => {
		const plugin = bedsideCsp();
		const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: object) => string };
		const html = '<head>\n\t\t<meta charset="UTF-8" />';
		const download = hook.handler(html, { path: '/download.html' });
		expect(download).toContain("connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co;");
		expect(hook.handler(html, { path: '/index.html' })).toContain("connect-src 'self';");
	});

	it('adds well-formed extra origins (a mirror, the e2e fake Hub) and drops anything else', () => {
		expect(hubOrigins('http://127.0.0.1:4286 http://127.0.0.1:4287')).toEqual([
			...HUB_ORIGINS,
			'http://127.0.0.1:4286',
			'http://127.0.0.1:4287'
		]);
		expect(hubOrigins("* 'unsafe-inline' https://ok.test; script-src")).toEqual([...HUB_ORIGINS]);
	});
});
