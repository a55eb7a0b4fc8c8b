import { describe, expect, it } from 'vitest';
import { isOffOrigin, NetworkTally } from './network';

const ORIGIN = 'http://127.0.0.1:4173';

describe('isOffOrigin', () => {
	it('tells this origin from others', () => {
		expect(isOffOrigin(`${ORIGIN}/models/bedside/med-lm/config.json`, ORIGIN)).toBe(false);
		expect(isOffOrigin('/assets/ort.wasm', ORIGIN)).toBe(false);
		expect(isOffOrigin('https://huggingface.co/x', ORIGIN)).toBe(true);
		expect(isOffOrigin('http://127.0.0.1:9999/x', ORIGIN)).toBe(true);
		expect(isOffOrigin('http://localhost:4173/x', ORIGIN)).toBe(true);
	});

	it('does not count data:, blob: or CSP keywords as requests', () => {
		for (const url of ['data:,', 'blob:http://127.0.0.1:4173/abc', '', 'inline', 'eval', 'wasm-eval', 'self']) {
			expect(isOffOrigin(url, ORIGIN)).toBe(false);
		}
	});
});

describe('NetworkTally', () => {
	it('counts local resources, sent off-origin resources and blocked attempts apart', () => {
		const tally = new NetworkTally(ORIGIN);
		tally.add({ kind: 'resource', url: `${ORIGIN}/index.html`, source: 'page' });
		tally.add({ kind: 'resource', url: `${ORIGIN}/models/a.onnx`, source: 'bedside-wasm' });
		tally.add({ kind: 'resource', url: 'https://cdn.example/x.js', source: 'page' });
		tally.add({ kind: 'blocked', url: 'https://tracker.example/p', source: 'bedside-wasm' });
		tally.add({ kind: 'blocked', url: 'inline', source: 'page' });
		expect(tally.local).toBe(2);
		expect(tally.offOrigin.map((o) => o.url)).toEqual(['https://cdn.example/x.js']);
		expect(tally.blocked).toEqual([{ kind: 'blocked', url: 'https://tracker.example/p', source: 'bedside-wasm' }]);
	});
});
