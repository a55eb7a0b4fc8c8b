/**
 * Downloads one model file into segment storage, resuming from what is already stored, and verifies it against
 * its pin (size, then sha256: the rule in models/pins.js that `npm run models` uses too) before it may be used.
 *
 * - Resume: the stored segments' total is the offset; the request asks `Range: bytes=<offset>-`. A server that
 *   answers 200 instead of 206 (no Range support) restarts the file from zero.
 * - Hashing: incremental with hash-wasm (WebCrypto cannot hash a stream). On resume the stored bytes are hashed
 *   again first: they are local, so this is fast, and the hash always matches what is stored, even when the page
 *   died between writing a segment and noting anything else.
 * - Bytes received before an interruption are written out before the error is raised, so a resume continues
 *   exactly where the connection dropped.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { checkPin, type Pin } from '../models/pins.js';
import { DownloadError } from './downloadErrors';

/** Where one file's bytes go (hubStore.ts in the page; an in-memory stand-in in unit tests). */
export interface SegmentStore {
	stored(): Promise<Blob[]>;
	append(index: number, data: Blob): Promise<void>;
	clear(): Promise<void>;
}

export interface FileProgress {
	/** Bytes stored so far, resumed ones included. */
	loaded: number;
	total: number | null;
	/** Where this attempt started (0, or the resume offset). */
	resumedFrom: number;
	phase: 'hashing stored bytes' | 'downloading' | 'verifying';
}

export interface DownloadFileOptions {
	url: string;
	/** The file's name for messages (`<model id>/<path>`). */
	name: string;
	pin: Pin;
	store: SegmentStore;
	fetch?: typeof fetch;
	signal?: AbortSignal;
	onProgress?: (progress: FileProgress) => void;
	/** Bytes per stored segment: what a reload can lose at most. */
	segmentBytes?: number;
	/** The URL the page's policy refused during this request, if any (securitypolicyviolation). */
	blockedUrl?: () => string | null;
	isOnline?: () => boolean;
	createHasher?: () => Promise<IHasher>;
}

export interface DownloadedFile {
	bytes: number;
	sha256: string;
	resumedFrom: number;
}

export const SEGMENT_BYTES = 8 * 1024 * 1024;

const sum = (blobs: readonly Blob[]) => blobs.reduce((n, b) => n + b.size, 0);

/** @throws DownloadError with a code the page turns into what to do next. */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadedFile> {
	const { url, name, pin, store, onProgress } = options;
	const doFetch = options.fetch ?? ((...args) => fetch(...args));
	const segmentBytes = options.segmentBytes ?? SEGMENT_BYTES;
	const hasher = await (options.createHasher ?? createSHA256)();
	hasher.init();

	let stored = await store.stored();
	let offset = sum(stored);
	if (pin.bytes !== null && offset > pin.bytes) {
		await store.clear();
		stored = [];
		offset = 0;
	}
	const resumedFrom = offset;
	const report = (loaded: number, phase: FileProgress['phase']) => onProgress?.({ loaded, total: pin.bytes, resumedFrom, phase });
	if (offset > 0) {
		report(0, 'hashing stored bytes');
		for (const blob of stored) hasher.update(new Uint8Array(await blob.arrayBuffer()));
	}
	let index = stored.length;

	if (pin.bytes === null || offset < pin.bytes) {
		const response = await request(doFetch, url, offset, options);
		let start = offset;
		if (offset > 0 && response.status === 200) {
			// The server ignored Range: start over, or the stored prefix would be counted twice.
			await store.clear();
			hasher.init();
			start = 0;
			index = 0;
		} else if (response.status === 206) {
			const match = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
			if (!match || Number(match[1]) !== offset) {
				throw new DownloadError(
					'http',
					`${name}: the server resumed at the wrong place (${response.headers.get('content-range') ?? 'no Content-Range'}, wanted byte ${offset}).`
				);
			}
		}
		offset = await receive(response, { ...options, hasher, start, index, segmentBytes, report });
	}

	report(offset, 'verifying');
	const sha256 = hasher.digest('hex');
	const check = checkPin(pin, { bytes: offset, sha256 });
	if (!check.ok) {
		await store.clear();
		throw new DownloadError('mismatch', `${name} failed verification (${check.problem}). The file was deleted and will not be used.`);
	}
	return { bytes: offset, sha256, resumedFrom };
}

async function request(doFetch: typeof fetch, url: string, offset: number, options: DownloadFileOptions): Promise<Response> {
	const { name, signal } = options;
	let response: Response;
	try {
		response = await doFetch(url, {
			headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
			signal,
			cache: 'no-store',
			redirect: 'follow'
		});
	} catch (err) {
		// A fetch the policy refuses rejects before the page's securitypolicyviolation event is dispatched: give the
		// event a moment, so a blocked redirect host is named rather than reported as a dropped connection.
		if (!signal?.aborted && options.blockedUrl) await new Promise((resolve) => setTimeout(resolve, 200));
		throw failure(err, options, `${name}: could not reach ${new URL(url).host}`);
	}
	if (response.status === 404) {
		throw new DownloadError(
			'not_found',
			`${name} is not on the Hub at ${url} (HTTP 404): the repository, revision or file in the catalogue is wrong, or the Hub URL setting points elsewhere.`
		);
	}
	if (response.status === 401 || response.status === 403) {
		throw new DownloadError('http', `${name}: the Hub refused access (HTTP ${response.status}). The repository may be gated or private.`);
	}
	if (!response.ok || !response.body) throw new DownloadError('http', `${name}: HTTP ${response.status} from ${url}.`);
	return response;
}

/** Why a fetch or a body read failed: cancelled, blocked by the policy, offline, or the connection dropped. */
function failure(err: unknown, options: DownloadFileOptions, what: string): DownloadError {
	if (options.signal?.aborted)
		return new DownloadError(
			'cancelled',
			`${options.name}: download cancelled; what was received is kept, and Download resumes from there.`
		);
	if (err instanceof DOMException && err.name === 'QuotaExceededError') return diskFull(options.name);
	const blocked = options.blockedUrl?.();
	if (blocked) {
		// For a redirect, Chromium reports the URL first asked for, not where the redirect pointed.
		const isRedirect = sameOrigin(blocked, options.url);
		const where = isRedirect ? `${new URL(options.url).host} redirected it to a host` : `the request went to ${blocked}, a host`;
		return new DownloadError(
			'blocked',
			`${what}: ${where} this page's Content-Security-Policy does not allow, so nothing was fetched from there. Use the Hub itself or a mirror allowed at build time (BEDSIDE_HUB_ORIGINS).`
		);
	}
	if (options.isOnline && !options.isOnline())
		return new DownloadError('offline', `${what}: this browser is offline. Reconnect, then press Download to resume.`);
	const reason = err instanceof Error ? err.message : String(err);
	return new DownloadError('interrupted', `${what} (${reason}). Press Download to resume from what was received.`);
}

function diskFull(name: string): DownloadError {
	return new DownloadError(
		'disk_full',
		`${name}: the browser's storage is full. Free space (other sites' data, or models you no longer use), then resume.`
	);
}

function sameOrigin(a: string, b: string): boolean {
	try {
		return new URL(a).origin === new URL(b).origin;
	} catch {
		return false;
	}
}

interface ReceiveState {
	hasher: IHasher;
	start: number;
	index: number;
	segmentBytes: number;
	report: (loaded: number, phase: FileProgress['phase']) => void;
}

/** Streams the body into segments and the hasher; returns the file's stored size. */
async function receive(response: Response, options: DownloadFileOptions & ReceiveState): Promise<number> {
	const { store, pin, name, hasher, segmentBytes, report } = options;
	const reader = (response.body as ReadableStream<Uint8Array>).getReader();
	let loaded = options.start;
	let index = options.index;
	let pending: Uint8Array[] = [];
	let pendingBytes = 0;
	const flush = async () => {
		if (pendingBytes === 0) return;
		const blob = new Blob(pending as BlobPart[]);
		pending = [];
		pendingBytes = 0;
		try {
			await store.append(index++, blob);
		} catch (err) {
			// Chromium reports a write past the quota as QuotaExceededError, or, when it could not keep the bytes
			// of the Blob being written, as NotReadableError.
			const name = err instanceof DOMException ? err.name : '';
			if (name === 'QuotaExceededError' || name === 'NotReadableError') throw diskFull(options.name);
			throw err;
		}
	};
	try {
		for (;;) {
			let chunk: ReadableStreamReadResult<Uint8Array>;
			try {
				chunk = await reader.read();
			} catch (err) {
				await flush();
				throw failure(err, options, `${name}: download interrupted at ${loaded} of ${pin.bytes ?? '?'} bytes`);
			}
			if (chunk.done) break;
			loaded += chunk.value.byteLength;
			if (pin.bytes !== null && loaded > pin.bytes) {
				await reader.cancel().catch(() => undefined);
				await store.clear();
				throw new DownloadError(
					'mismatch',
					`${name} failed verification (the server sent more than the pinned ${pin.bytes} bytes). The file was deleted and will not be used.`
				);
			}
			hasher.update(chunk.value);
			pending.push(chunk.value);
			pendingBytes += chunk.value.byteLength;
			if (pendingBytes >= segmentBytes) await flush();
			report(loaded, 'downloading');
		}
		await flush();
	} catch (err) {
		if (err instanceof DownloadError) throw err;
		throw failure(err, options, `${name}: could not store the file`);
	}
	return loaded;
}
