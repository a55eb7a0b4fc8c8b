// The one rule for checking a model file against the catalogue's pins, and the one Hub URL scheme: shared by
// `npm run models -- --hub` (scripts/lib/install.mjs, Node) and the page's download engine (src/lib/download/),
// so a file the script accepts is a file the page accepts. Plain JS with a .d.ts beside it, so Node imports it as is.

/**
 * Compares what was measured of a file with its pin. Unpinned fields (null) are not checked; the size is
 * compared first (cheap, and a wrong size names the failure better than a hash).
 * @param {{ bytes: number | null, sha256: string | null }} pin
 * @param {{ bytes: number, sha256: string | null }} actual  sha256 null: not hashed yet (size check only)
 * @returns {{ ok: true } | { ok: false, problem: string }}
 */
export function checkPin(pin, actual) {
	if (pin.bytes !== null && actual.bytes !== pin.bytes) return { ok: false, problem: `size ${actual.bytes} bytes, expected ${pin.bytes}` };
	if (pin.sha256 !== null && actual.sha256 !== null && actual.sha256 !== pin.sha256) {
		return { ok: false, problem: `sha256 ${actual.sha256.slice(0, 12)}…, expected ${pin.sha256.slice(0, 12)}…` };
	}
	return { ok: true };
}

/**
 * `https://huggingface.co/<repo>/resolve/<revision>/<path>`: the Hub answers with the bytes or a redirect to its
 * CDN. `revision` should be a commit, so the bytes behind a URL never change.
 * @param {string} hubUrl @param {string} repo @param {string} revision @param {string} path
 */
export function hubFileUrl(hubUrl, repo, revision, path) {
	const base = hubUrl.replace(/\/+$/, '');
	return `${base}/${repo}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

export const DEFAULT_HUB_URL = 'https://huggingface.co';
