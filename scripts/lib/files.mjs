// File helpers shared by the models script and the catalogue sync: hashing and verification.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { checkPin } from '../../src/lib/models/pins.js';

/** @param {string} path @returns {Promise<string>} lower-case hex sha256 of the file */
export async function sha256File(path) {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk);
	return hash.digest('hex');
}

/** @param {string} path @returns {Promise<number | null>} size in bytes, or null when absent */
export async function fileSize(path) {
	try {
		const s = await stat(path);
		return s.isFile() ? s.size : null;
	} catch {
		return null;
	}
}

/**
 * Checks a file against a pin. Unpinned fields (null) are not checked.
 * @param {string} path
 * @param {{ bytes: number | null, sha256: string | null }} pin
 * @returns {Promise<{ ok: true, bytes: number, sha256: string } | { ok: false, problem: string }>}
 */
export async function verifyFile(path, pin) {
	const bytes = await fileSize(path);
	if (bytes === null) return { ok: false, problem: 'missing' };
	// Size first (no hashing of a file that cannot match), then the hash: the page's download engine uses the same rule.
	const bySize = checkPin(pin, { bytes, sha256: null });
	if (!bySize.ok) return bySize;
	const sha256 = await sha256File(path);
	const byHash = checkPin(pin, { bytes, sha256 });
	if (!byHash.ok) return byHash;
	return { ok: true, bytes, sha256 };
}

/** @param {number} n bytes @returns {string} */
export function formatBytes(n) {
	if (n < 1024) return `${n} B`;
	if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
	if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
	return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
