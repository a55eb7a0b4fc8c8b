// Shared set-up for the tests that load Bedside's committed models with Transformers.js in Node.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The committed int8 models; BEDSIDE_MODEL_ROOT points the same tests at a fresh training run. */
export const MODEL_ROOT = process.env.BEDSIDE_MODEL_ROOT ?? join(ROOT, 'models');
export const DATA = process.env.BEDSIDE_DATA ?? resolve(ROOT, '../shared/data');

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = MODEL_ROOT.endsWith('/') ? MODEL_ROOT : MODEL_ROOT + '/';

export function readJsonl<T>(set: string, split = 'dev', limit = Infinity): T[] {
	return readFileSync(join(DATA, set, `${split}.jsonl`), 'utf8')
		.split('\n')
		.filter((l) => l.trim())
		.slice(0, limit)
		.map((l) => JSON.parse(l) as T);
}

export function manifest(name: string): { metrics: Record<string, any> } {
	return JSON.parse(readFileSync(join(MODEL_ROOT, 'bedside', name, 'MANIFEST.json'), 'utf8'));
}

/** Token ids from the Python tokenizer classes, read back from the model's tokenizer.json. */
export function pythonIds(name: string, jsonl: string, field: string, limit: number): { texts: string[]; ids: number[][] } {
	const out = execFileSync(
		'/usr/bin/python3',
		[join(ROOT, 'training/tokenize_dev.py'), join(MODEL_ROOT, 'bedside', name), jsonl, field, String(limit)],
		{ encoding: 'utf8', maxBuffer: 256 << 20 }
	);
	return JSON.parse(out);
}

/** Strict BIO entity spans, as seqeval reads them (a stray I- opens an entity). */
export function spans(tags: string[]): Set<string> {
	const out = new Set<string>();
	let start = -1;
	let type = '';
	[...tags, 'O'].forEach((t, i) => {
		const opens = t.startsWith('B-') || (t.startsWith('I-') && t.slice(2) !== type);
		if (start >= 0 && (t === 'O' || opens)) {
			out.add(`${start}:${i}:${type}`);
			start = -1;
			type = '';
		}
		if (opens) {
			start = i;
			type = t.slice(2);
		}
	});
	return out;
}

export function entityF1(gold: string[][], pred: string[][]): number {
	let tp = 0, fp = 0, fn = 0;
	gold.forEach((g, i) => {
		const gs = spans(g), ps = spans(pred[i]);
		for (const s of ps) (gs.has(s) ? tp++ : fp++);
		for (const s of gs) if (!ps.has(s)) fn++;
	});
	const p = tp / Math.max(tp + fp, 1), r = tp / Math.max(tp + fn, 1);
	return p + r ? (200 * p * r) / (p + r) : 0;
}
