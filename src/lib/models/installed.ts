/**
 * Which catalogue models are installed in the app's own /models/ folder (by `npm run models`) and how
 * big they are there. Same-origin HEAD requests only; a file whose size differs from the catalogue pin
 * counts as not installed, so a truncated copy is reported rather than loaded.
 */
import { downloadBytes, type ModelEntry } from './catalogue';

export type InstallState =
	| { kind: 'installed'; bytes: number }
	| { kind: 'missing'; files: string[] }
	| { kind: 'unknown'; reason: string };

export type Head = (url: string) => Promise<{ ok: boolean; bytes: number | null }>;

export const headRequest: Head = async (url) => {
	const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
	const length = response.headers.get('content-length');
	return { ok: response.ok, bytes: length === null ? null : Number(length) };
};

/** Files of the default dtype (side files plus its weights), as the loader would fetch them. */
export async function installState(entry: ModelEntry, base = '/models/', head: Head = headRequest): Promise<InstallState> {
	if (entry.files.length === 0) return { kind: 'unknown', reason: 'no model files in the catalogue yet (not trained or not synced)' };
	const wanted = entry.files.filter((f) => f.dtype === undefined || f.dtype === entry.defaults.dtype);
	const missing: string[] = [];
	try {
		for (const file of wanted) {
			const found = await head(`${base}${entry.id}/${file.path}`);
			const isWrongSize = file.bytes !== null && found.bytes !== null && found.bytes !== file.bytes;
			if (!found.ok || isWrongSize) missing.push(file.path);
		}
	} catch (err) {
		return { kind: 'unknown', reason: err instanceof Error ? err.message : String(err) };
	}
	return missing.length === 0 ? { kind: 'installed', bytes: downloadBytes(entry) } : { kind: 'missing', files: missing };
}
