import { describe, expect, it } from 'vitest';
import { catalogue } from './catalogue';
import { modelFileFetch, pinnedBytes } from './modelFileFetch';

const WEIGHTS = '/models/bedside/med-lm/onnx/model_quantized.onnx';
/** The catalogue's pin for WEIGHTS (the file changes when the model is re-exported). */
const PINNED = catalogue.find((m) => m.id === 'bedside/med-lm')?.files.find((f) => f.path === 'onnx/model_quantized.onnx')?.bytes;

/** A fetch that records what it was asked and answers with the given headers. */
function recordingFetch(headers: Record<string, string>, status = 200) {
	const calls: { url: string; init?: RequestInit }[] = [];
	const next = (async (input: RequestInfo | URL, init?: RequestInit) => {
		calls.push({ url: String(input), init });
		return new Response(status === 200 ? 'body' : null, { status, headers });
	}) as typeof fetch;
	return { calls, next };
}

describe('pinnedBytes', () => {
	it('reads the catalogue pin of a bundled model file, from a path or a full URL', () => {
		expect(PINNED).toBeGreaterThan(1_000_000);
		expect(pinnedBytes(WEIGHTS)).toBe(PINNED);
		expect(pinnedBytes(`http://127.0.0.1:4173/base${WEIGHTS}`)).toBe(PINNED);
	});
	it('is null for unknown models, unpinned files and other paths', () => {
		expect(pinnedBytes('/models/nobody/nothing/onnx/model.onnx')).toBeNull();
		expect(pinnedBytes('/models/thenlper/gte-small/config.json')).toBeNull();
		expect(pinnedBytes('/data/pubmedqa.jsonl')).toBeNull();
		expect(pinnedBytes('/models/bedside')).toBeNull();
	});
});

describe('modelFileFetch', () => {
	it('fetches model files without the HTTP cache and gives a compressed response its pinned length', async () => {
		const { calls, next } = recordingFetch({ 'content-encoding': 'gzip', 'content-type': '' });
		const response = await modelFileFetch(next)(WEIGHTS, { headers: { a: 'b' } });
		expect(calls[0]?.init).toMatchObject({ cache: 'no-store', headers: { a: 'b' } });
		expect(response.headers.get('content-length')).toBe(String(PINNED));
		expect(response.headers.get('content-encoding')).toBeNull();
		expect(await response.text()).toBe('body');
	});
	it('keeps a response that already carries its length, and one the catalogue does not pin', async () => {
		const withLength = recordingFetch({ 'content-length': '4' });
		expect((await modelFileFetch(withLength.next)(WEIGHTS)).headers.get('content-length')).toBe('4');
		const unpinned = recordingFetch({});
		expect((await modelFileFetch(unpinned.next)('/models/thenlper/gte-small/config.json')).headers.get('content-length')).toBeNull();
	});
	it('leaves errors and requests outside /models/ alone', async () => {
		const missing = recordingFetch({}, 404);
		expect((await modelFileFetch(missing.next)(WEIGHTS)).status).toBe(404);
		const other = recordingFetch({});
		await modelFileFetch(other.next)('/data/x.jsonl', { method: 'GET' });
		expect(other.calls[0]?.init).toEqual({ method: 'GET' });
	});
});
