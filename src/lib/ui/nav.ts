/**
 * The app's views (tabs) and the URL hash they live in: `#view=compare&compare=v1.…`. Parameters are
 * `&`-separated `key=value` pairs; each view owns its own keys and leaves the others alone.
 */
export interface ViewTab {
	id: string;
	label: string;
}

/** The tabs, in order. Add a view by adding an entry here and a branch in App.svelte. */
export const VIEWS: readonly ViewTab[] = [
	{ id: 'chat', label: 'Chat' },
	{ id: 'compare', label: 'Compare' },
	{ id: 'eval', label: 'Evaluate' },
	{ id: 'models', label: 'Models' }
];

export const VIEW_KEY = 'view';

/** The hash's parameters in order (values are kept as written: callers encode and decode them). */
export function hashParams(hash: string): [string, string][] {
	return hash
		.replace(/^#/, '')
		.split('&')
		.filter((part) => part !== '')
		.map((part) => {
			const eq = part.indexOf('=');
			return eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
		});
}

export function hashParam(hash: string, key: string): string | null {
	return hashParams(hash).find(([k]) => k === key)?.[1] ?? null;
}

/** `hash` with `key` set to `value` (added at the end when new), or removed when `value` is null. */
export function withHashParam(hash: string, key: string, value: string | null): string {
	const params = hashParams(hash);
	const index = params.findIndex(([k]) => k === key);
	if (value === null) {
		if (index !== -1) params.splice(index, 1);
	} else if (index === -1) {
		params.push([key, value]);
	} else {
		params[index] = [key, value];
	}
	return params.length === 0 ? '' : `#${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/**
 * The view a hash asks for: its `view=` when known, else the view that owns a state parameter found in
 * the hash (a shared `compare=` link opens the compare view), else the first view.
 */
export function viewFromHash(hash: string, views: readonly ViewTab[] = VIEWS): string {
	const requested = hashParam(hash, VIEW_KEY);
	if (requested !== null && views.some((v) => v.id === requested)) return requested;
	const owner = views.find((v) => hashParam(hash, v.id) !== null);
	return owner?.id ?? views[0]?.id ?? 'chat';
}
