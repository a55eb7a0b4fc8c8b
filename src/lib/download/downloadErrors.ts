/**
 * What can go wrong with a download, as a closed set of codes (the page shows the message, which says what to do
 * next, and offers Resume only where resuming can help).
 */
export type DownloadErrorCode =
	'offline' | 'not_found' | 'http' | 'blocked' | 'interrupted' | 'cancelled' | 'mismatch' | 'disk_full' | 'unpinned';

export class DownloadError extends Error {
	readonly code: DownloadErrorCode;

	constructor(code: DownloadErrorCode, message: string) {
		super(message);
		this.name = 'DownloadError';
		this.code = code;
	}

	/** Whether pressing Download again continues (the bytes received so far are kept). */
	get isResumable(): boolean {
		return this.code === 'offline' || this.code === 'interrupted' || this.code === 'cancelled' || this.code === 'disk_full';
	}
}
