/**
 * What the user typed and the chat so far, kept in this origin's own storage (localStorage) so a reload loses
 * nothing, and never in the URL: the address bar goes into history, sync and screenshots, so a note gets there
 * only when the user presses Share. Every key starts with DRAFT_PREFIX so `forgetEverything` can remove them
 * all at once. A missing, disabled, full or damaged store reads as empty and never raises: drafts are a
 * convenience, and the page must work without them.
 */
export const DRAFT_PREFIX = 'bedside.draft.';

export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function browserStore(): DraftStore | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // storage disabled by policy
	}
}

/** The draft under `name`, if it is there and `isValid` accepts it. */
export function readDraft<T>(name: string, isValid: (value: unknown) => value is T, store = browserStore()): T | null {
	try {
		const raw = store?.getItem(DRAFT_PREFIX + name);
		if (raw == null) return null;
		const value: unknown = JSON.parse(raw);
		return isValid(value) ? value : null;
	} catch {
		return null;
	}
}

/** Saves (or, for null, removes) the draft under `name`; false when the store refused it (e.g. full). */
export function writeDraft(name: string, value: unknown, store = browserStore()): boolean {
	try {
		if (value === null) store?.removeItem(DRAFT_PREFIX + name);
		else store?.setItem(DRAFT_PREFIX + name, JSON.stringify(value));
		return store !== null;
	} catch {
		return false;
	}
}

const listeners = new Set<() => void>();

/** Called when the user forgets everything, so each view also empties what it shows. */
export function onForget(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Removes every draft (notes, questions, prompts, conversations) and tells the views. Returns how many. */
export function forgetEverything(store = browserStore()): number {
	const keys: string[] = [];
	try {
		for (let i = 0; store && i < store.length; i++) {
			const key = store.key(i);
			if (key?.startsWith(DRAFT_PREFIX)) keys.push(key);
		}
		for (const key of keys) store?.removeItem(key);
	} catch {
		/* nothing more can be removed */
	}
	for (const listener of listeners) listener();
	return keys.length;
}
