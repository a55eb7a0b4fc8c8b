/**
 * Downloads a catalogue Hub model (the files one dtype needs) into this browser's storage (hubStore.ts): checks
 * the pins and the storage quota before any byte moves, asks for persistent storage for large models, then
 * fetches file by file from `<hub>/<repo>/resolve/<revision>/<path>`, each verified before it is recorded.
 */
import { downloadBytes, type Dtype, type ModelEntry, type ModelFile } from '../models/catalogue';
import { LARGE_MODEL_BYTES } from '../models/modelWarnings';
import { hubFileUrl } from '../models/pins.js';
import type { DirectoryLike } from '../state/opfs';
import { storageShortfall, type StorageEstimateLike } from '../offline/storage';
import { formatBytes } from '../ui/common/format';
import { downloadFile, type FileProgress } from './downloadFile';
import { DownloadError } from './downloadErrors';
import { appendSegment, clearFile, markVerified, readDownloads, storedSegments, type DownloadRecord } from './hubStore';

/** The files a dtype needs: side files plus that dtype's weights (as downloadBytes counts them). */
export function filesFor(entry: ModelEntry, dtype: Dtype): ModelFile[] {
	return entry.files.filter((f) => f.dtype === undefined || f.dtype === dtype);
}

export interface PlannedFile {
	file: ModelFile;
	/** Bytes already stored (verified, or a partial download to resume). */
	stored: number;
	isVerified: boolean;
}

export interface DownloadPlan {
	files: PlannedFile[];
	/** Pinned bytes of the dtype's files. */
	totalBytes: number;
	/** What is still to be fetched (pinned sizes minus what is stored). */
	remainingBytes: number;
	/** Side files without a size pin (small JSON): counted once known. */
	unsizedFiles: number;
}

export async function planDownload(root: DirectoryLike, entry: ModelEntry, dtype: Dtype): Promise<DownloadPlan> {
	const record = (await readDownloads(root)).find((r) => r.entry.id === entry.id);
	const files: PlannedFile[] = [];
	for (const file of filesFor(entry, dtype)) {
		const verified = record?.files[file.path];
		const stored = verified ? verified.bytes : (await storedSegments(root, entry.id, file.path)).reduce((n, b) => n + b.size, 0);
		files.push({ file, stored, isVerified: verified !== undefined });
	}
	const remainingBytes = files.reduce((n, f) => n + (f.isVerified ? 0 : Math.max(0, (f.file.bytes ?? 0) - f.stored)), 0);
	return {
		files,
		totalBytes: downloadBytes(entry, dtype),
		remainingBytes,
		unsizedFiles: files.filter((f) => f.file.bytes === null).length
	};
}

export interface ModelDownloadOptions {
	root: DirectoryLike;
	entry: ModelEntry;
	dtype: Dtype;
	hubUrl: string;
	fetch?: typeof fetch;
	signal?: AbortSignal;
	estimate?: () => Promise<StorageEstimateLike>;
	persist?: () => Promise<boolean>;
	blockedUrl?: () => string | null;
	isOnline?: () => boolean;
	onFile?: (path: string, progress: FileProgress) => void;
	onPersist?: (isPersisted: boolean) => void;
	/** A file passed its checks and is recorded as verified. */
	onVerified?: (path: string) => void;
	segmentBytes?: number;
}

/** @throws DownloadError (unpinned weights, no room, and every per-file failure of downloadFile). */
export async function downloadModel(options: ModelDownloadOptions): Promise<DownloadRecord> {
	const { root, entry, dtype, hubUrl } = options;
	if (entry.source.kind !== 'hub') throw new DownloadError('http', `${entry.id} is not a Hub model: it comes with the app.`);
	const { repo, revision } = entry.source;
	// Weights need a sha256 pin (their size may be unknown: then the hash alone decides).
	const unpinned = filesFor(entry, dtype).filter((f) => f.dtype !== undefined && f.sha256 === null);
	if (unpinned.length > 0) {
		throw new DownloadError(
			'unpinned',
			`${entry.id}: ${unpinned.map((f) => f.path).join(', ')} has no sha256 pin in the catalogue, so it could not be verified; it is not downloaded.`
		);
	}
	const plan = await planDownload(root, entry, dtype);
	const estimate = await (options.estimate ?? (() => navigator.storage.estimate()))().catch(() => ({}));
	const shortfall = storageShortfall(plan.remainingBytes, estimate);
	if (shortfall) {
		throw new DownloadError(
			'disk_full',
			`Not enough browser storage for ${entry.id}: it needs ${formatBytes(shortfall.needed)} more, ${formatBytes(shortfall.available)} is available. Nothing was downloaded. Free space (other sites' data, or models you no longer use) and try again.`
		);
	}
	if (plan.totalBytes > LARGE_MODEL_BYTES) {
		const persist = options.persist ?? (() => navigator.storage?.persist?.() ?? Promise.resolve(false));
		options.onPersist?.(await persist().catch(() => false));
	}

	const wanted = new Set(plan.files.map((f) => f.file.path));
	const isComplete = (files: Record<string, unknown>) => [...wanted].every((p) => p in files);
	let record = (await readDownloads(root)).find((r) => r.entry.id === entry.id) ?? null;
	for (const { file, isVerified } of plan.files) {
		if (isVerified) continue;
		const result = await downloadFile({
			url: hubFileUrl(hubUrl, repo, revision, file.path),
			name: `${entry.id}/${file.path}`,
			pin: file,
			store: {
				stored: () => storedSegments(root, entry.id, file.path),
				append: (index, data) => appendSegment(root, entry.id, file.path, index, data),
				clear: () => clearFile(root, entry.id, file.path)
			},
			fetch: options.fetch,
			signal: options.signal,
			blockedUrl: options.blockedUrl,
			isOnline: options.isOnline,
			segmentBytes: options.segmentBytes,
			onProgress: (progress) => options.onFile?.(file.path, progress)
		});
		record = await markVerified(
			root,
			entry,
			hubUrl,
			file.path,
			{ bytes: result.bytes, sha256: result.sha256, isPinned: file.sha256 !== null },
			isComplete
		);
		options.onVerified?.(file.path);
	}
	if (!record) throw new DownloadError('http', `${entry.id}: nothing to download for dtype ${dtype}.`);
	return record;
}
