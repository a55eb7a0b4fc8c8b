import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { catalogueModel, type ModelEntry } from '../models/catalogue';
import { hubFileUrl } from '../models/pins.js';
import { downloadModel, planDownload } from './downloadModel';
import { DownloadError } from './downloadErrors';
import { deleteDownload, downloadedFile, readDownloads } from './hubStore';
import { FakeDirectory, fakeHubFetch } from './testing';

const HUB = 'https://hub.test';
const WEIGHTS = new Uint8Array(randomBytes(30_000));
const CONFIG = new TextEncoder().encode('{"model_type":"bert"}');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const ENTRY: ModelEntry = {
	...catalogueModel('bedside/ner-bc5cdr'),
	id: 'org/tiny-ner',
	source: { kind: 'hub', repo: 'org/tiny-ner', revision: 'a'.repeat(40) },
	bundled: false,
	files: [
		{ path: 'config.json', bytes: null, sha256: null },
		{ path: 'onnx/model_quantized.onnx', bytes: WEIGHTS.length, sha256: sha(WEIGHTS), dtype: 'q8' },
		{ path: 'onnx/model.onnx', bytes: 99, sha256: '0'.repeat(64), dtype: 'fp32' }
	]
};
const url = (path: string) => hubFileUrl(HUB, 'org/tiny-ner', 'a'.repeat(40), path);
const files = () =>
	new Map([
		[url('config.json'), CONFIG],
		[url('onnx/model_quantized.onnx'), WEIGHTS]
	]);
const roomy = async () => ({ quota: 10_000_000, usage: 0 });

describe('downloadModel', () => {
	it("downloads the dtype's files, records them verified, and serves them until deleted", async () => {
		const root = new FakeDirectory();
		const hub = fakeHubFetch(files());
		const record = await downloadModel({
			root,
			entry: ENTRY,
			dtype: 'q8',
			hubUrl: HUB,
			fetch: hub.fetch,
			estimate: roomy,
			segmentBytes: 4096
		});
		expect(record.isComplete).toBe(true);
		expect(record.files['onnx/model_quantized.onnx']).toEqual({ bytes: WEIGHTS.length, sha256: sha(WEIGHTS), isPinned: true });
		// An unpinned side file is recorded with the hash measured on this download.
		expect(record.files['config.json']).toEqual({ bytes: CONFIG.length, sha256: sha(CONFIG), isPinned: false });
		expect(hub.requests.map((r) => r.url)).toEqual([url('config.json'), url('onnx/model_quantized.onnx')]);
		const served = await downloadedFile(root, ENTRY.id, 'onnx/model_quantized.onnx');
		expect(served).not.toBeNull();
		expect(new Uint8Array((await served?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(WEIGHTS);
		expect(await downloadedFile(root, ENTRY.id, 'onnx/model.onnx')).toBeNull();

		// A second run has nothing left to fetch.
		expect((await planDownload(root, ENTRY, 'q8')).remainingBytes).toBe(0);
		await downloadModel({ root, entry: ENTRY, dtype: 'q8', hubUrl: HUB, fetch: hub.fetch, estimate: roomy });
		expect(hub.requests).toHaveLength(2);

		await deleteDownload(root, ENTRY.id);
		expect(await readDownloads(root)).toEqual([]);
		expect(await downloadedFile(root, ENTRY.id, 'onnx/model_quantized.onnx')).toBeNull();
	});

	it('refuses before any byte moves when the quota is too small, naming needed and available', async () => {
		const root = new FakeDirectory();
		const hub = fakeHubFetch(files());
		const error = (await downloadModel({
			root,
			entry: ENTRY,
			dtype: 'q8',
			hubUrl: HUB,
			fetch: hub.fetch,
			estimate: async () => ({ quota: 20_000, usage: 5_000 })
		}).catch((e: unknown) => e)) as DownloadError;
		expect(error.code).toBe('disk_full');
		expect(error.message).toMatch(/needs 29\.3 KiB more, 14\.6 KiB is available\. Nothing was downloaded/);
		expect(hub.requests).toEqual([]);
	});

	it('counts a partial download as stored when checking the quota, and resumes it', async () => {
		const root = new FakeDirectory();
		const hub = fakeHubFetch(files(), { cutAfter: new Map([[url('onnx/model_quantized.onnx'), 12_000]]) });
		await expect(downloadModel({ root, entry: ENTRY, dtype: 'q8', hubUrl: HUB, fetch: hub.fetch, estimate: roomy })).rejects.toThrow(
			/interrupted/
		);
		const plan = await planDownload(root, ENTRY, 'q8');
		expect(plan.remainingBytes).toBe(WEIGHTS.length - 12_000);
		const record = await downloadModel({
			root,
			entry: ENTRY,
			dtype: 'q8',
			hubUrl: HUB,
			fetch: hub.fetch,
			estimate: async () => ({ quota: 20_000, usage: 0 })
		});
		expect(record.isComplete).toBe(true);
		expect(hub.requests.at(-1)).toEqual({ url: url('onnx/model_quantized.onnx'), range: 'bytes=12000-' });
	});

	it('refuses weights without a sha256 pin', async () => {
		const entry: ModelEntry = { ...ENTRY, files: ENTRY.files.map((f) => (f.dtype === 'q8' ? { ...f, sha256: null } : f)) };
		const error = (await downloadModel({
			root: new FakeDirectory(),
			entry,
			dtype: 'q8',
			hubUrl: HUB,
			fetch: fakeHubFetch(files()).fetch,
			estimate: roomy
		}).catch((e: unknown) => e)) as DownloadError;
		expect(error.code).toBe('unpinned');
	});
});
