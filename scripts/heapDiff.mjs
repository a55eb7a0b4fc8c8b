#!/usr/bin/env node
// `node scripts/heapDiff.mjs before.heapsnapshot after.heapsnapshot [--top 25] [--paths 8]`: what the page heap
// gained between two V8 heap snapshots of one page (e.g. `npm run soak -- --snapshot-dir DIR`). Node ids are stable
// within one page, so an object in `after` whose id is not in `before` was allocated in between and survived the GC.
// Prints those survivors grouped by (type, name) with their bytes, then, for the largest groups, one retaining path
// from the GC roots: the answer to "what holds it" that byte totals per category cannot give.
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
const sizeBefore = new Map();
for (let n = 0; n < before.count; n++) sizeBefore.set(before.id(n), before.size(n));
// Objects in both whose size changed (a backing store or cache that grew in place keeps its id).
const grown = new Map();
const groups = new Map();
let total = 0;
for (let n = 0; n < after.count; n++) {
	const old = sizeBefore.get(after.id(n));
	if (old !== undefined) {
		if (old !== after.size(n)) {
			const key = `${after.type(n)}: ${after.name(n).slice(0, 70)}`;
			grown.set(key, (grown.get(key) ?? 0) + after.size(n) - old);
		}
		continue;
	}
	const key = `${after.type(n)}: ${after.name(n).slice(0, 70)}`;
	const g = groups.get(key) ?? { bytes: 0, count: 0, sample: n };
	g.bytes += after.size(n);
	g.count += 1;
	groups.set(key, g);
	total += after.size(n);
}
const top = [...groups].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(values.top));
console.log(`New and surviving: ${(total / 1024).toFixed(1)} KiB in ${[...groups.values()].reduce((a, g) => a + g.count, 0)} objects\n`);
for (const [key, g] of top) console.log(`${(g.bytes / 1024).toFixed(1).padStart(8)} KiB ${String(g.count).padStart(6)}  ${key}`);
const sum = (s) => Array.from({ length: s.count }, (_, n) => s.size(n)).reduce((a, b) => a + b, 0);
console.log(`\nGrown in place (same object, other size): ${([...grown.values()].reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KiB`);
for (const [key, bytes] of [...grown].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, 10))
	console.log(`${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${key}`);
console.log(`\nSnapshot totals: ${(sum(before) / 1024).toFixed(1)} KiB -> ${(sum(after) / 1024).toFixed(1)} KiB`);
const dist = distances(after);
const traced = values.match ? [...groups].filter(([key]) => new RegExp(values.match).test(key)) : top;
for (const [key, g] of traced.slice(0, Number(values.paths))) {
	console.log(`\n${key}: one retaining path (object first, root last)`);
	for (const step of pathToRoot(after, dist, g.sample)) console.log(`  <- ${step}`);
}
