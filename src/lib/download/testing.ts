/** Test stand-ins for the download engine: an in-memory OPFS directory and a Hub that can drop connections. */
import type { FileLike } from '../state/opfs';
import type { ListableDirectory } from './hubStore';

/** An in-memory OPFS directory handle (only what the stores use). */
export class FakeDirectory implements ListableDirectory {
	readonly dirs = new Map<string, FakeDirectory>();
	readonly files = new Map<string, Blob>();

	async getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<FakeDirectory> {
		let dir = this.dirs.get(name);
		if (!dir) {
			if (!options?.create) throw new DOMException(`${name} not found`, 'NotFoundError');
			dir = new FakeDirectory();
			this.dirs.set(name, dir);
		}
		return dir;
	}

	async getFileHandle(name: string, options?: { create?: boolean }): Promise<FileLike> {
		if (!this.files.has(name)) {
			if (!options?.create) throw new DOMException(`${name} not found`, 'NotFoundError');
			this.files.set(name, new Blob([]));
		}
		return {
			getFile: async () => this.files.get(name) ?? new Blob([]),
			createWritable: async () => {
				const parts: (Blob | string)[] = [];
				return {
					write: async (data: Blob | string) => void parts.push(data),
					close: async () => void this.files.set(name, new Blob(parts))
				};
			}
		};
	}

	async removeEntry(name: string): Promise<void> {
		if (!this.dirs.delete(name) && !this.files.delete(name)) throw new DOMException(`${name} not found`, 'NotFoundError');
	}

	async *keys(): AsyncIterable<string> {
		yield* this.dirs.keys();
		yield* this.files.keys();
	}
}

export interface HubRequest {
	url: string;
	range: string | null;
}

/**
 * A fetch that serves `files` (URL -> bytes) with Range support; `cutAfter` (URL -> bytes) makes the next response
 * of that URL fail after that many bytes, as a dropped connection does; `ignoreRange` answers 200 with everything.
 */
export function fakeHubFetch(files: Map<string, Uint8Array>, options: { cutAfter?: Map<string, number>; ignoreRange?: boolean } = {}) {
	const requests: HubRequest[] = [];
	const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = String(input);
		const range = new Headers(init?.headers).get('range');
		requests.push({ url, range });
		const bytes = files.get(url);
		if (!bytes) return new Response('not found', { status: 404 });
		const start = range && !options.ignoreRange ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
		const body = bytes.subarray(start);
		const cut = options.cutAfter?.get(url);
		options.cutAfter?.delete(url);
		const end = cut === undefined ? body.length : Math.min(cut, body.length);
		let at = 0;
		// Pull-based: erroring a stream drops chunks still queued, and a dropped connection delivers what came before.
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (at < end) {
					const next = Math.min(end, at + 1000);
					controller.enqueue(body.slice(at, next));
					at = next;
				} else if (cut === undefined) controller.close();
				else controller.error(new TypeError('network error'));
			}
		});
		const headers = start > 0 ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : undefined;
		return new Response(stream, { status: start > 0 ? 206 : 200, headers });
	};
	return { fetch: fetch as typeof globalThis.fetch, requests };
}
