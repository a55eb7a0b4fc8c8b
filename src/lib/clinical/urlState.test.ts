import { describe, expect, it } from 'vitest';
import { base64urlToBytes, bytesToBase64url } from './base64url';
import { decodeCompareState, encodeCompareState, MAX_URL_STATE_CHARS, type CompareState, type UrlStateErrorCode } from './urlState';

const state: CompareState = {
	note: 'Warfarin 5 mg daily for atrial fibrillation.\nINR 2.4.',
	question: 'Any interactions?',
	exampleId: 'interaction-warfarin',
	modelIds: ['bedside/med-lm', 'bedside/ner-bc5cdr'],
	labels: ['urgent: within hours', 'routine']
};

function encoded(s: CompareState): string {
	const result = encodeCompareState(s);
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

function errorCode(hash: string): UrlStateErrorCode | null {
	const result = decodeCompareState(hash);
	return result.ok ? null : result.error.code;
}

/** The hash for an arbitrary JSON payload, to test what the decoder does with wrong content. */
function hashOf(json: string, version = 1): string {
	return `#compare=v${version}.${bytesToBase64url(new TextEncoder().encode(json))}`;
}

describe('base64url', () => {
	it('matches RFC 4648 test vectors without padding', () => {
		const vectors: [string, string][] = [
			['', ''],
			['f', 'Zg'],
			['fo', 'Zm8'],
			['foo', 'Zm9v'],
			['foob', 'Zm9vYg'],
			['fooba', 'Zm9vYmE'],
			['foobar', 'Zm9vYmFy']
		];
		for (const [plain, b64] of vectors) {
			expect(bytesToBase64url(new TextEncoder().encode(plain))).toBe(b64);
			expect(new TextDecoder().decode(base64urlToBytes(b64) ?? new Uint8Array([0xff]))).toBe(plain);
		}
		expect(bytesToBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
	});

	it('rejects foreign characters, impossible lengths and non-canonical tails', () => {
		expect(base64urlToBytes('Zm9v+')).toBeNull();
		expect(base64urlToBytes('Zm9v=')).toBeNull();
		expect(base64urlToBytes('Z')).toBeNull();
		expect(base64urlToBytes('Zh')).toBeNull(); // 'Zg' is canonical for "f"
	});
});

describe('compare state in the URL hash', () => {
	it('round-trips and is versioned', () => {
		const hash = encoded(state);
		expect(hash).toMatch(/^#compare=v1\.[A-Za-z0-9_-]+$/);
		expect(decodeCompareState(hash)).toEqual({ ok: true, value: state });
		expect(decodeCompareState(hash.slice(1))).toEqual({ ok: true, value: state });
	});

	it('round-trips odd Unicode exactly: emoji, RTL, zero-width, combining marks, CJK', () => {
		const odd: CompareState = {
			note: '👩🏽‍⚕️ مريض يعاني من الحمى \u200F(RTL)\u200E zero\u200Bwidth\uFEFF café e\u0301 發燒 \u0000 "quotes" \\',
			question: 'שאלה? 🤒',
			exampleId: null,
			modelIds: [],
			labels: ['緊急: 数時間以内', '']
		};
		expect(decodeCompareState(encoded(odd))).toEqual({ ok: true, value: odd });
	});

	it('keeps a lone surrogate (JSON.stringify escapes it as \\ud800)', () => {
		const result = decodeCompareState(encoded({ ...state, note: 'bad \uD800 half' }));
		expect(result.ok && result.value.note).toBe('bad \uD800 half');
	});

	it('finds the state among other hash parameters', () => {
		expect(decodeCompareState(`#tab=eval&${encoded(state).slice(1)}&x=1`).ok).toBe(true);
	});

	it('refuses to encode state over the size limit with a clear message', () => {
		const result = encodeCompareState({ ...state, note: 'x'.repeat(MAX_URL_STATE_CHARS) });
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.code).toBe('too-large');
			expect(result.error.message).toContain(String(MAX_URL_STATE_CHARS));
		}
		// Just under the limit still works: 17 000 ASCII bytes encode to about 22 700 characters.
		expect(encodeCompareState({ ...state, note: 'x'.repeat(17_000) }).ok).toBe(true);
	});

	it('returns typed errors for garbage instead of throwing', () => {
		expect(errorCode('')).toBe('empty');
		expect(errorCode('#')).toBe('empty');
		expect(errorCode('#section-2')).toBe('not-compare-state');
		expect(errorCode('#compare=garbage')).toBe('not-compare-state');
		expect(errorCode(hashOf('{}', 2))).toBe('unsupported-version');
		expect(errorCode('#compare=v1.%%%')).toBe('bad-encoding');
		expect(errorCode(encoded(state).slice(0, -1) + '*')).toBe('bad-encoding');
		expect(errorCode(`#compare=v1.${bytesToBase64url(new Uint8Array([0xc3, 0x28]))}`)).toBe('bad-encoding');
		expect(errorCode(hashOf('{"n": "unterminated'))).toBe('bad-json');
		expect(errorCode(hashOf('null'))).toBe('bad-shape');
		expect(errorCode(hashOf('{"n":"a","q":"b","m":[1],"l":[]}'))).toBe('bad-shape');
		expect(errorCode(hashOf('{"n":"a","q":"b","e":5,"m":[],"l":[]}'))).toBe('bad-shape');
		expect(errorCode(`#compare=v1.${'A'.repeat(MAX_URL_STATE_CHARS)}`)).toBe('too-large');
	});

	it('accepts a missing example id as null', () => {
		const result = decodeCompareState(hashOf('{"n":"a","q":"b","m":["x"],"l":[]}'));
		expect(result).toEqual({
			ok: true,
			value: { note: 'a', question: 'b', exampleId: null, modelIds: ['x'], labels: [] }
		});
	});
});
