#!/usr/bin/env node
// `node scripts/heapDiff.mjs before.heapsnapshot after.heapsnapshot [--top 25] [--paths 8] [--match REGEX]`: what
// the page heap gained between two V8 heap snapshots of one page (e.g. `npm run soak -- --snapshot-dir DIR`): bytes and
// object counts per (type, name), largest increases first, then, for the largest groups (or those --match names), the
// retainers of their objects in `after`, grouped: the answer to "what holds it" that byte totals cannot give. Totals,
// not node ids: the soak detaches DevTools between its snapshots, and V8 then numbers objects afresh.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	// --match: print paths for the groups whose "type: name" matches this regular expression instead of the largest.
	options: { top: { type: 'string', default: '25' }, paths: { type: 'string', default: '8' }, match: { type: 'string' } }
});
if (positionals.length !== 2) {
	console.error('usage: node scripts/heapDiff.mjs before.heapsnapshot after.heapsnapshot [--top N] [--paths N] [--match REGEX]');
	process.exit(2);
}

/** A parsed snapshot with per-node accessors and reverse edges (who points at each node). */
function load(path) {
	const snap = JSON.parse(readFileSync(path, 'utf8'));
	const meta = snap.snapshot.meta;
	const nf = meta.node_fields.length;
	const ef = meta.edge_fields.length;
	const [ti, ni, ii, si, eci] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
	const [eti, eni, eto] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f));
	const nodeTypes = meta.node_types[0];
	const edgeTypes = meta.edge_types[0];
	const count = snap.nodes.length / nf;
	const firstEdge = new Uint32Array(count + 1);
	for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + snap.nodes[n * nf + eci];
	// Reverse edges, skipping weak ones (they do not retain).
	const retainers = Array.from({ length: count }, () => []);
	for (let n = 0; n < count; n++) {
		for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
			const type = edgeTypes[snap.edges[e * ef + eti]];
			if (type === 'weak') continue;
			retainers[snap.edges[e * ef + eto] / nf].push({ from: n, edge: e });
		}
	}
	const edgeName = (e) => {
		const type = edgeTypes[snap.edges[e * ef + eti]];
		const v = snap.edges[e * ef + eni];
		return type === 'element' || type === 'hidden' ? `[${v}]` : String(snap.strings[v]);
	};
	return {
		count,
		type: (n) => nodeTypes[snap.nodes[n * nf + ti]],
		name: (n) => String(snap.strings[snap.nodes[n * nf + ni]]),
		id: (n) => snap.nodes[n * nf + ii],
		size: (n) => snap.nodes[n * nf + si],
		retainers,
		edgeName
	};
}

/** Distance from the root (node 0) along non-weak edges, so a path can walk towards the root. */
function distances(s) {
	const dist = new Int32Array(s.count).fill(-1);
	const forward = Array.from({ length: s.count }, () => []);
	for (let n = 0; n < s.count; n++) for (const r of s.retainers[n]) forward[r.from].push(n);
	dist[0] = 0;
	let frontier = [0];
	while (frontier.length > 0) {
		const next = [];
		for (const n of frontier)
			for (const m of forward[n])
				if (dist[m] < 0) {
					dist[m] = dist[n] + 1;
					next.push(m);
				}
		frontier = next;
	}
	return dist;
}

function pathToRoot(s, dist, n) {
	const steps = [];
	let cur = n;
	for (let guard = 0; guard < 40 && cur !== 0; guard++) {
		const best = s.retainers[cur].filter((r) => dist[r.from] >= 0).sort((a, b) => dist[a.from] - dist[b.from])[0];
		if (!best) break;
		steps.push(`${s.type(best.from)} ${s.name(best.from).slice(0, 50)} .${s.edgeName(best.edge).slice(0, 40)}`);
		cur = best.from;
	}
	return steps;
}

const before = load(positionals[0]);
const after = load(positionals[1]);
const key = (s, n) => `${s.type(n)}: ${s.name(n).replace(/@\d+/g, '@').slice(0, 70)}`;
function totals(s) {
	const byKey = new Map();
	for (let n = 0; n < s.count; n++) {
		const t = byKey.get(key(s, n)) ?? { bytes: 0, count: 0, nodes: [] };
		t.bytes += s.size(n);
		t.count += 1;
		t.nodes.push(n);
		byKey.set(key(s, n), t);
	}
	return byKey;
}
const [a, b] = [totals(before), totals(after)];
const rows = [...b].map(([k, t]) => ({
	key: k,
	bytes: t.bytes - (a.get(k)?.bytes ?? 0),
	count: t.count - (a.get(k)?.count ?? 0),
	nodes: t.nodes
}));
const sum = (s) => Array.from({ length: s.count }, (_, n) => s.size(n)).reduce((x, y) => x + y, 0);
console.log(`Snapshot totals: ${(sum(before) / 1024).toFixed(1)} KiB -> ${(sum(after) / 1024).toFixed(1)} KiB\n`);
const top = rows.sort((x, y) => y.bytes - x.bytes).slice(0, Number(values.top));
for (const r of top) console.log(`${(r.bytes / 1024).toFixed(1).padStart(8)} KiB ${String(r.count).padStart(7)}  ${r.key}`);
const dist = distances(after);
const traced = values.match ? rows.filter((r) => new RegExp(values.match).test(r.key)) : top;
for (const r of traced.slice(0, Number(values.paths))) {
	// Paths of up to 200 of the group's objects, grouped by their first three steps.
	const paths = new Map();
	for (const n of r.nodes.slice(-200)) {
		const p = pathToRoot(after, dist, n);
		const head = p
			.slice(0, 3)
			.join('  <- ')
			.replace(/\[\d+\]/g, '[n]');
		paths.set(head, { count: (paths.get(head)?.count ?? 0) + 1, path: p });
	}
	const [common] = [...paths.values()].sort((x, y) => y.count - x.count);
	console.log(
		`\n${r.key} (${r.count >= 0 ? '+' : ''}${r.count} objects): the most common retaining path (${common?.count ?? 0} of ${Math.min(200, r.nodes.length)}), object first`
	);
	for (const step of common?.path ?? []) console.log(`  <- ${step}`);
}
