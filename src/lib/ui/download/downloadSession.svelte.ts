/**
 * The download page's state: which model and dtype, what is stored already, per-file progress with speed and
 * time left, and the outcome. The work itself is download/downloadModel.ts; this class only drives and shows it.
 */
import { downloadBytes, type Dtype, type ModelEntry } from '../../models/catalogue';
import { opfsRoot } from '../../state/opfs';
import { downloadModel, planDownload, type DownloadPlan } from '../../download/downloadModel';
import { DownloadError } from '../../download/downloadErrors';
import type { FileProgress } from '../../download/downloadFile';
import { deleteDownload, readDownloads, type DownloadRecord } from '../../download/hubStore';
import type { StorageEstimateLike } from '../../offline/storage';
import { formatBytes } from '../common/format';
import { addSample, bytesPerSecond, secondsLeft, type Sample } from '../../download/transferRate';

export type DownloadStatus = 'idle' | 'checking' | 'downloading' | 'done' | 'failed';

export interface FileRow {
	path: string;
	loaded: number;
	total: number | null;
	resumedFrom: number;
	phase: FileProgress['phase'] | 'waiting' | 'verified';
	bytesPerSecond: number | null;
	secondsLeft: number | null;
}

/** The weight dtypes an entry has files for, its default first. */
export function dtypesOf(entry: ModelEntry): Dtype[] {
	const all = [...new Set(entry.files.flatMap((f) => (f.dtype ? [f.dtype] : [])))];
	return [entry.defaults.dtype, ...all.filter((d) => d !== entry.defaults.dtype)].filter((d) => all.includes(d));
}

export class DownloadSession {
	status = $state<DownloadStatus>('idle');
	message = $state('');
	error = $state<DownloadError | null>(null);
	plan = $state<DownloadPlan | null>(null);
	rows = $state<FileRow[]>([]);
	records = $state<DownloadRecord[]>([]);
	persisted = $state<boolean | null>(null);
	/** Origins this page's downloads reached, redirects included (Resource Timing names only the first URL). */
	contacted = $state<string[]>([]);
	#controller: AbortController | null = null;
	#samples = new Map<string, Sample[]>();
	/** The last URL the page's policy refused (securitypolicyviolation): a redirect to a host not allowed. */
	#blockedUrl: string | null = null;

	readonly #estimate: (() => Promise<StorageEstimateLike>) | undefined;

	/** @param estimate replaces navigator.storage.estimate() (the e2e tests' small quota; Chromium's estimate ignores its quota override). */
	constructor(estimate?: () => Promise<StorageEstimateLike>) {
		this.#estimate = estimate;
		if (typeof document !== 'undefined') {
			document.addEventListener('securitypolicyviolation', (event) => {
				if (event.effectiveDirective === 'connect-src') this.#blockedUrl = event.blockedURI;
			});
		}
	}

	get isBusy(): boolean {
		return this.status === 'downloading' || this.status === 'checking';
	}

	async refresh(entry: ModelEntry, dtype: Dtype): Promise<void> {
		const root = await opfsRoot();
		this.records = await readDownloads(root);
		this.plan = await planDownload(root, entry, dtype);
		this.rows = this.plan.files.map((f) => ({
			path: f.file.path,
			loaded: f.stored,
			total: f.file.bytes,
			resumedFrom: f.stored,
			phase: f.isVerified ? 'verified' : 'waiting',
			bytesPerSecond: null,
			secondsLeft: null
		}));
	}

	async download(entry: ModelEntry, dtype: Dtype, hubUrl: string): Promise<void> {
		if (this.isBusy) return;
		this.status = 'checking';
		this.error = null;
		this.message = '';
		this.#blockedUrl = null;
		this.#samples.clear();
		this.#controller = new AbortController();
		try {
			await this.refresh(entry, dtype);
			this.status = 'downloading';
			const record = await downloadModel({
				root: await opfsRoot(),
				entry,
				dtype,
				hubUrl,
				signal: this.#controller.signal,
				estimate: this.#estimate,
				fetch: (input, init) => this.#fetchNoting(input, init),
				blockedUrl: () => this.#blockedUrl,
				isOnline: () => navigator.onLine,
				onPersist: (isPersisted) => (this.persisted = isPersisted),
				onFile: (path, progress) => this.#onFile(path, progress),
				onVerified: (path) =>
					(this.rows = this.rows.map((row) =>
						row.path === path ? { ...row, phase: 'verified', bytesPerSecond: null, secondsLeft: null } : row
					))
			});
			await this.refresh(entry, dtype);
			this.status = 'done';
			const files = Object.values(record.files);
			const pinned = files.filter((f) => f.isPinned).length;
			const unpinned = files.length - pinned;
			this.message =
				`${entry.id} (${dtype}, ${formatBytes(downloadBytes(entry, dtype))}) is downloaded and verified: ${pinned} of ${files.length} files ` +
				`against the catalogue's size and sha256 pins${unpinned > 0 ? `, ${unpinned} small side file${unpinned === 1 ? '' : 's'} without a pin (hash recorded now)` : ''}. ` +
				`It now runs from this browser's storage, offline too.`;
		} catch (err) {
			this.status = 'failed';
			this.error = err instanceof DownloadError ? err : new DownloadError('interrupted', err instanceof Error ? err.message : String(err));
			await this.refresh(entry, dtype).catch(() => undefined);
		} finally {
			this.#controller = null;
		}
	}

	async #fetchNoting(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
		this.#note(String(input));
		const response = await fetch(input, init);
		this.#note(response.url);
		return response;
	}

	#note(url: string): void {
		try {
			const origin = new URL(url).origin;
			if (!this.contacted.includes(origin)) this.contacted = [...this.contacted, origin];
		} catch {
			/* not a URL */
		}
	}

	cancel(): void {
		this.#controller?.abort();
	}

	async remove(id: string, entry: ModelEntry, dtype: Dtype): Promise<void> {
		await deleteDownload(await opfsRoot(), id);
		this.status = 'idle';
		this.error = null;
		this.message = `Deleted ${id} from this browser's storage.`;
		await this.refresh(entry, dtype);
	}

	#onFile(path: string, progress: FileProgress): void {
		const samples = addSample(this.#samples.get(path) ?? [], { ms: performance.now(), bytes: progress.loaded });
		this.#samples.set(path, samples);
		const rate = progress.phase === 'downloading' ? bytesPerSecond(samples) : null;
		this.rows = this.rows.map((row) =>
			row.path === path
				? {
						...row,
						loaded: progress.loaded,
						total: progress.total,
						resumedFrom: progress.resumedFrom,
						phase: progress.phase,
						bytesPerSecond: rate,
						secondsLeft: secondsLeft(progress.loaded, progress.total, rate)
					}
				: row
		);
	}
}
