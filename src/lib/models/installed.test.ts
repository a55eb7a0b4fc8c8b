import { describe, expect, it } from 'vitest';
import { catalogueModel } from './catalogue';
import { installState, type Head } from './installed';

const entry = catalogueModel('bedside/ner-bc5cdr');
const sizes = new Map(entry.files.map((f) => [`/models/${entry.id}/${f.path}`, f.bytes]));

describe('installState', () => {
	it('is installed when every file answers with its pinned size', async () => {
		const head: Head = async (url) => ({ ok: sizes.has(url), bytes: sizes.get(url) ?? null });
		const state = await installState(entry, '/models/', head);
		expect(state).toEqual({ kind: 'installed', bytes: entry.files.reduce((s, f) => s + (f.bytes ?? 0), 0) });
	});

	it('names missing and wrong-size files', async () => {
		const head: Head = async (url) => {
			if (url.endsWith('tokenizer.json')) return { ok: false, bytes: null };
			if (url.endsWith('.onnx')) return { ok: true, bytes: 12 };
			return { ok: true, bytes: sizes.get(url) ?? null };
		};
		const state = await installState(entry, '/models/', head);
		expect(state.kind).toBe('missing');
		expect(state.kind === 'missing' && [...state.files].sort()).toEqual(['onnx/model_quantized.onnx', 'tokenizer.json']);
	});

	it('reports a network failure as unknown, not missing', async () => {
		const head: Head = async () => {
			throw new Error('offline');
		};
		expect(await installState(entry, '/models/', head)).toEqual({ kind: 'unknown', reason: 'offline' });
	});

	it('a catalogue entry without files (a model not trained yet) is not installed, and nothing is requested', async () => {
		let requests = 0;
		const head: Head = async () => ((requests += 1), { ok: true, bytes: 1 });
		const state = await installState({ ...entry, files: [] }, '/models/', head);
		expect(state.kind).toBe('unknown');
		expect(state.kind === 'unknown' && state.reason).toMatch(/not trained/);
		expect(requests).toBe(0);
	});
});
