/** Types for pins.js (shared with the Node scripts, hence plain JS). */
export interface Pin {
	bytes: number | null;
	sha256: string | null;
}
export function checkPin(pin: Pin, actual: { bytes: number; sha256: string | null }): { ok: true } | { ok: false; problem: string };
export function hubFileUrl(hubUrl: string, repo: string, revision: string, path: string): string;
export const DEFAULT_HUB_URL: string;
