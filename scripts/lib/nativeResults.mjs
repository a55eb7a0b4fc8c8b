// Writing a native evaluation's output as npm run eval does: DIR/results.json, results.md and predictions/<key>.json.
// Shared by scripts/libraryEval.mjs and scripts/compareEval.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The rows as a Markdown table, one line per metric. */
export function resultsTable(rows) {
	return [
		'| set | model | n | metric | value | 95% CI | ms/item |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...rows.flatMap((r) =>
			r.metrics.map(
				(m) =>
					`| ${r.set} | ${r.model} | ${r.n} | ${m.name} | ${m.ci.estimate.toFixed(3)} | [${m.ci.lower.toFixed(3)}, ${m.ci.upper.toFixed(3)}] | ${r.latencyMsPerItem.toFixed(1)} |`
			)
		)
	].join('\n');
}

/** results.json holds `header` and the rows as `runs`; predictions maps a file key (set__model) to its answers. */
export function writeResults(out, header, rows, predictions) {
	mkdirSync(join(out, 'predictions'), { recursive: true });
	writeFileSync(join(out, 'results.json'), `${JSON.stringify({ ...header, runs: rows }, null, 2)}\n`);
	for (const [key, value] of Object.entries(predictions))
		writeFileSync(join(out, 'predictions', `${key.replace(/\//g, '_')}.json`), `${JSON.stringify(value, null, 2)}\n`);
	const md = resultsTable(rows);
	writeFileSync(join(out, 'results.md'), `${md}\n`);
	return md;
}
