/**
 * Strict base64url (RFC 4648 §5, no padding) for bytes. Hand-written because `atob` accepts and silently
 * drops characters, and a shared link must either decode exactly or be rejected.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF = new Map([...ALPHABET].map((char, value) => [char, value]));

export function bytesToBase64url(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const charCount = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let c = 0; c < charCount; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
	}
	return out;
}

/** Bytes, or null when `text` is not canonical unpadded base64url. */
export function base64urlToBytes(text: string): Uint8Array | null {
	if (text.length % 4 === 1) return null;
	const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
	let buffer = 0;
	let bits = 0;
	let at = 0;
	for (const char of text) {
		const value = VALUE_OF.get(char);
		if (value === undefined) return null;
		buffer = ((buffer << 6) | value) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			bytes[at++] = (buffer >> bits) & 0xff;
		}
	}
	// Leftover bits must be zero, or two different strings would decode to the same bytes.
	if ((buffer & ((1 << bits) - 1)) !== 0) return null;
	return bytes;
}
