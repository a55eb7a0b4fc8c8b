/**
 * A success-or-failure value for parsers that meet untrusted input (URL hashes, pasted JSON): the caller
 * branches on `ok` and shows `error.message`, instead of wrapping every call in try/catch.
 */
export type Outcome<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function succeed<T>(value: T): { ok: true; value: T } {
	return { ok: true, value };
}

export function fail<E>(error: E): { ok: false; error: E } {
	return { ok: false, error };
}
