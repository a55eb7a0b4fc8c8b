import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { downloadFile, type SegmentStore } from './downloadFile';
import { DownloadError } from './downloadErrors';
import { fakeHubFetch } from './testing';

const URL_ = 'https://hub.test/org/m/resolve/abc/onnx/model.onnx';
const BYTES = new Uint8Array(randomBytes(50_000));
const PIN = { bytes: BYTES.length, sha256: createHash('sha256').update(BYTES).digest('hex') };

function memoryStore(): SegmentStore & { segments: Blob[] } {
	const segments: Blob[] = [];
	return {
		segments,
		stored: async () => [...segments],
		append: async (index, data) => void (segments[index] = data),
		clear: async () => void segments.splice(0)
	};
}

async function storedBytes(store: { segments: Blob[] }): Promise<Uint8Array> {
	return new Uint8Array(await new Blob(store.segments).arrayBuffer());
}

describe('downloadFile', () => {
	it('downloads, stores in segments and verifies size and sha256', async () => {
		const hub = fakeHubFetch(new Map([[URL_, BYTES]]));
		const store = memoryStore();
		const result = await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: hub.fetch, segmentBytes: 8192 });
		expect(result).toEqual({ bytes: BYTES.length, sha256: PIN.sha256, resumedFrom: 0 });
		expect(store.segments.length).toBeGreaterThan(1);
		expect(await storedBytes(store)).toEqual(BYTES);
		expect(hub.requests).toEqual([{ url: URL_, range: null }]);
	});

	it('keeps the bytes received before a dropped connection and resumes from them with Range', async () => {
		const hub = fakeHubFetch(new Map([[URL_, BYTES]]), { cutAfter: new Map([[URL_, 20_500]]) });
		const store = memoryStore();
		const options = { url: URL_, name: 'm', pin: PIN, store, fetch: hub.fetch, segmentBytes: 8192 };
		const error = await downloadFile(options).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DownloadError);
		expect((error as DownloadError).code).toBe('interrupted');
		expect((error as DownloadError).isResumable).toBe(true);
		expect((await storedBytes(store)).length).toBe(20_500);

		const result = await downloadFile(options);
		expect(hub.requests[1]).toEqual({ url: URL_, range: 'bytes=20500-' });
		// The stored prefix was hashed again, so the digest covers the whole file.
		expect(result).toEqual({ bytes: BYTES.length, sha256: PIN.sha256, resumedFrom: 20_500 });
		expect(await storedBytes(store)).toEqual(BYTES);
	});

	it('starts over when the server ignores Range', async () => {
		const hub = fakeHubFetch(new Map([[URL_, BYTES]]), { ignoreRange: true });
		const store = memoryStore();
		await store.append(0, new Blob([BYTES.slice(0, 10_000)]));
		const result = await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: hub.fetch });
		expect(result.sha256).toBe(PIN.sha256);
		expect(await storedBytes(store)).toEqual(BYTES);
	});

	it('refuses and deletes a file whose sha256 differs from the pin', async () => {
		const bad = BYTES.slice();
		bad[123] = (bad[123] ?? 0) ^ 0xff;
		const hub = fakeHubFetch(new Map([[URL_, bad]]));
		const store = memoryStore();
		const error = (await downloadFile({ url: URL_, name: 'org/m/onnx/model.onnx', pin: PIN, store, fetch: hub.fetch }).catch(
			(e: unknown) => e
		)) as DownloadError;
		expect(error.code).toBe('mismatch');
		expect(error.message).toMatch(/org\/m\/onnx\/model\.onnx failed verification \(sha256 .*expected .*\)\. The file was deleted/);
		expect(store.segments).toHaveLength(0);
	});

	it('refuses a file longer than its pin without storing past it', async () => {
		const hub = fakeHubFetch(new Map([[URL_, new Uint8Array(60_000)]]));
		const store = memoryStore();
		const error = (await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: hub.fetch }).catch(
			(e: unknown) => e
		)) as DownloadError;
		expect(error.code).toBe('mismatch');
		expect(store.segments).toHaveLength(0);
	});

	it('names a 404, a host the policy blocked, and being offline', async () => {
		const store = memoryStore();
		const missing = (await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: fakeHubFetch(new Map()).fetch }).catch(
			(e: unknown) => e
		)) as DownloadError;
		expect(missing.code).toBe('not_found');
		const failing = (async () => {
			throw new TypeError('Failed to fetch');
		}) as typeof fetch;
		const blocked = (await downloadFile({
			url: URL_,
			name: 'm',
			pin: PIN,
			store,
			fetch: failing,
			blockedUrl: () => 'https://evil.test/x'
		}).catch((e: unknown) => e)) as DownloadError;
		expect(blocked.code).toBe('blocked');
		expect(blocked.message).toContain('the request went to https://evil.test/x');
		// A redirect's violation names the URL first asked for: the message says the Hub redirected it.
		const redirected = (await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: failing, blockedUrl: () => URL_ }).catch(
			(e: unknown) => e
		)) as DownloadError;
		expect(redirected.message).toContain("hub.test redirected it to a host this page's Content-Security-Policy does not allow");
		const offline = (await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: failing, isOnline: () => false }).catch(
			(e: unknown) => e
		)) as DownloadError;
		expect(offline.code).toBe('offline');
	});

	it('says cancelled, keeping what was received, when the signal aborts', async () => {
		const controller = new AbortController();
		const hub = fakeHubFetch(new Map([[URL_, BYTES]]), { cutAfter: new Map([[URL_, 9000]]) });
		const store = memoryStore();
		const error = (await downloadFile({
			url: URL_,
			name: 'm',
			pin: PIN,
			store,
			fetch: hub.fetch,
			signal: controller.signal,
			segmentBytes: 4096,
			onProgress: (p) => {
				if (p.loaded >= 8000) controller.abort();
			}
		}).catch((e: unknown) => e)) as DownloadError;
		expect(error.code).toBe('cancelled');
		expect((await storedBytes(store)).length).toBe(9000);
	});

	it('says the disk is full when storing a segment fails for lack of space', async () => {
		const hub = fakeHubFetch(new Map([[URL_, BYTES]]));
		for (const name of ['QuotaExceededError', 'NotReadableError']) {
			const store = {
				...memoryStore(),
				append: async () => {
					throw new DOMException('no room', name);
				}
			};
			const error = (await downloadFile({ url: URL_, name: 'm', pin: PIN, store, fetch: hub.fetch }).catch(
				(e: unknown) => e
			)) as DownloadError;
			expect(error.code).toBe('disk_full');
			expect(error.isResumable).toBe(true);
		}
	});
});
