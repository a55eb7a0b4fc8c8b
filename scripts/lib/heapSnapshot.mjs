// Heap snapshots of a page for the soak (scripts/soak.mjs): bytes by category and by (type, name), and their difference.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A heap snapshot of the page (after a forced GC), summed by what holds the bytes: the app's JS objects
 * (objects, closures, arrays, strings, ...), compiled code, and Blink's own objects ("native": DOM, performance
 * timeline entries, editing undo steps). Also the total per (type, name), to list what grew. With `file`, the raw
 * snapshot is written there too (for scripts/heapDiff.mjs or DevTools).
 */
export async function takeHeapSnapshot(page, file) {
	await page.evaluate(() => globalThis.gc?.());
	const cdp = await page.context().newCDPSession(page);
	const chunks = [];
	cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
	await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
	await cdp.detach();
	const text = chunks.join('');
	if (file) {
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, text);
	}
	const snap = JSON.parse(text);
	const fields = snap.snapshot.meta.node_fields;
	const types = snap.snapshot.meta.node_types[0];
	const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
	const categories = { js: 0, code: 0, native: 0, other: 0 };
	const byName = new Map();
	for (let i = 0; i < snap.nodes.length; i += fields.length) {
		const type = types[snap.nodes[i + ti]];
		const size = snap.nodes[i + si];
		const category = type === 'code' ? 'code' : type === 'native' ? 'native' : type === 'synthetic' || type === 'hidden' ? 'other' : 'js';
		categories[category] += size;
		const key = `${type}: ${String(snap.strings[snap.nodes[i + ni]]).slice(0, 70)}`;
		byName.set(key, (byName.get(key) ?? 0) + size);
	}
	return { categories, byName };
}

/** What grew between two snapshots, by category and the largest (type, name) increases. */
export function heapDiff(before, after) {
	const categories = {};
	for (const [k, v] of Object.entries(after.categories)) {
		const b = before.categories[k];
		categories[k] = { beforeBytes: b, afterBytes: v, percent: b > 0 ? Number((((v - b) / b) * 100).toFixed(2)) : null };
	}
	const top = [...after.byName]
		.map(([name, bytes]) => ({ name, deltaBytes: bytes - (before.byName.get(name) ?? 0) }))
		.sort((a, b) => b.deltaBytes - a.deltaBytes)
		.slice(0, 12);
	return { categories, topGrowth: top };
}
