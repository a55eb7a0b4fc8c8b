import { describe, expect, it, vi } from 'vitest';
import { catalogueModel } from '../models/catalogue';
import { fetchWithUserModels } from '../models/own/fileRouting';
import { readStoredModels } from '../models/own/store';
import { appendSegment, downloadedModelPath, markVerified } from './hubStore';
import { FakeDirectory } from './testing';

const entry = catalogueModel('Xenova/all-MiniLM-L6-v2');

describe('downloaded Hub models in the workers', () => {
	it('maps /models/<org>/<name>/<file> to a model id and path', () => {
		expect(downloadedModelPath('/models/Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx')).toEqual({
			id: 'Xenova/all-MiniLM-L6-v2',
			path: 'onnx/model_quantized.onnx'
		});
		expect(downloadedModelPath('/models/user/x/config.json')).toBeNull();
		expect(downloadedModelPath('/assets/x.js')).toBeNull();
		expect(downloadedModelPath('/models/a/b/../../x')).toBeNull();
		expect(downloadedModelPath('https://elsewhere.test/models/a/b/config.json')).toBeNull();
	});

	it('answers verified files from storage, passes the rest on, and never reads storage for bundled models', async () => {
		const root = new FakeDirectory();
		await appendSegment(root, entry.id, 'config.json', 0, new Blob(['{"a":']));
		await appendSegment(root, entry.id, 'config.json', 1, new Blob(['1}']));
		await markVerified(
			root,
			entry,
			'https://huggingface.co',
			'config.json',
			{ bytes: 7, sha256: 'x'.repeat(64), isPinned: false },
			() => false
		);
		// Stored but not verified: must not be served.
		await appendSegment(root, entry.id, 'tokenizer.json', 0, new Blob(['partial']));
		const next = vi.fn(async () => new Response('net'));
		const getRoot = vi.fn(async () => root);
		const f = fetchWithUserModels(getRoot, next);

		expect(await (await f(`/models/${entry.id}/config.json`)).text()).toBe('{"a":1}');
		expect(await (await f(`/models/${entry.id}/tokenizer.json`)).text()).toBe('net');
		const calls = getRoot.mock.calls.length;
		expect(await (await f('/models/bedside/med-lm/config.json')).text()).toBe('net');
		expect(getRoot.mock.calls.length).toBe(calls);
		// An incomplete download is not listed as a model.
		expect(await readStoredModels(root)).toEqual([]);
	});
});
