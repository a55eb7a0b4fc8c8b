// med-lm-2's prompts and strict parsing, rebuilt from src/lib/eval/taskPrompts.json for the Node model tests:
// the same rules as training/lm2_tasks.py and lm2_eval.py, so Transformers.js can reproduce the MANIFEST figures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { truncateAtWord } from '../../src/lib/eval/prompts';
import { rougeLF1 } from '../../src/lib/eval/metrics';
import { ROOT } from './helpers';

export const PROMPTS = JSON.parse(readFileSync(join(ROOT, 'src/lib/eval/taskPrompts.json'), 'utf8'));
const T = PROMPTS.tasks;
const HOC: string[] = T.hoc.labels;
const DDI = ['mechanism', 'effect', 'advise', 'int', 'none'];

export type Row = Record<string, any>;
export interface Task {
	set: string;
	task: string;
	prompt: (r: Row) => string;
	score: (rows: Row[], outs: string[]) => Record<string, number>;
	maxNew?: number;
}

const fill = (task: string, kw: Record<string, string>) =>
	Object.entries(kw).reduce((s, [k, v]) => s.replaceAll(`{${k}}`, v), T[task].user as string);
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const f1 = (tp: number, fp: number, fn: number) => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0);

/** The DDI marker rule (training/ddi_markers.py): closers before openers where two markers share an offset. */
export function markPair(context: string, entities: { spans: number[][] }[]): string {
	const [s1, e1] = entities[0].spans[0];
	const [s2, e2] = entities[1].spans[0];
	const inserts: [number, number, string][] = [[s1, 2, '[E1] '], [e1, 0, ' [/E1]'], [s2, 3, '[E2] '], [e2, 1, ' [/E2]']];
	inserts.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
	return inserts.reduce((out, [off, , text]) => out.slice(0, off) + text + out.slice(off), context);
}

export function entityStrings(tokens: string[], tags: string[], type: string): string[] {
	const out: string[] = [];
	let cur: string[] | null = null;
	[...tags, 'O'].forEach((tag, i) => {
		if (tag === `B-${type}` || (tag === `I-${type}` && !cur)) {
			if (cur) out.push(cur.join(' '));
			cur = [tokens[i]];
		} else if (tag === `I-${type}`) cur?.push(tokens[i]);
		else {
			if (cur) out.push(cur.join(' '));
			cur = null;
		}
	});
	return [...new Map(out.map((e) => [norm(e), e])).keys()];
}

function firstWord(out: string, words: string[]): string | null {
	return new RegExp(`^(${words.join('|')})\\b`).exec(out.trim().toLowerCase())?.[1] ?? null;
}

function parseList(out: string, prefix: string): string[] | null {
	const t = out.trim();
	if (t === 'None') return [];
	if (!t.startsWith(prefix + ':')) return null;
	return t.slice(prefix.length + 1).split(';').map((x) => x.trim()).filter(Boolean);
}

function entityTask(set: string, type: string, task: string, prefix: string): Task {
	return {
		set, task,
		prompt: (r) => fill(task, { text: r.tokens.join(' ') }),
		score: (rows, outs) => {
			let tp = 0, fp = 0, fn = 0, unparsed = 0;
			rows.forEach((r, i) => {
				const pred = parseList(outs[i], prefix);
				if (!pred) unparsed++;
				const p = new Set((pred ?? []).map(norm));
				const g = new Set(entityStrings(r.tokens, r.tags, type));
				for (const x of p) g.has(x) ? tp++ : fp++;
				for (const x of g) if (!p.has(x)) fn++;
			});
			return { entity_f1: f1(tp, fp, fn), unparsed: unparsed / rows.length };
		}
	};
}

export const TASKS: Task[] = [
	{
		set: 'pubmedqa', task: 'pubmedqa', maxNew: 8,
		prompt: (r) => fill('pubmedqa', { context: truncateAtWord(r.context.trim(), T.pubmedqa.max_chars), question: r.question.trim() }),
		score: (rows, outs) => {
			const a = outs.map((o) => firstWord(o, ['yes', 'no', 'maybe']));
			return { accuracy: a.filter((x, i) => x === rows[i].answer).length / rows.length, unparsed: a.filter((x) => !x).length / rows.length };
		}
	},
	entityTask('bc5cdr_chem', 'Chemical', 'entities_chemical', 'Chemicals'),
	entityTask('bc5cdr_disease', 'Disease', 'entities_disease', 'Diseases'),
	entityTask('ncbi_disease', 'Disease', 'entities_disease', 'Diseases'),
	{
		set: 'hoc', task: 'hoc',
		prompt: (r) => fill('hoc', { text: r.context.trim() }),
		score: (rows, outs) => {
			const counts = HOC.map(() => [0, 0, 0]);
			let unparsed = 0;
			rows.forEach((r, i) => {
				const items = parseList(outs[i], 'Hallmarks');
				const labels = (items ?? []).map((x) => HOC.find((l) => l.toLowerCase() === x.toLowerCase())).filter(Boolean);
				if (!items || (items.length && !labels.length)) unparsed++;
				HOC.forEach((l, j) => {
					const p = labels.includes(l), g = r.labels.includes(l);
					counts[j][0] += +(p && g); counts[j][1] += +(p && !g); counts[j][2] += +(g && !p);
				});
			});
			return { macro_f1: counts.reduce((s, c) => s + f1(c[0], c[1], c[2]), 0) / HOC.length, unparsed: unparsed / rows.length };
		}
	},
	{
		set: 'ddi2013', task: 'ddi',
		prompt: (r) => fill('ddi', { marked: markPair(r.context, r.entities), e1: r.entities[0].text, e2: r.entities[1].text }),
		score: (rows, outs) => {
			let tp = 0, fp = 0, fn = 0;
			const a = outs.map((o) => firstWord(o, DDI));
			rows.forEach((r, i) => {
				if (a[i] && a[i] !== 'none') a[i] === r.answer ? tp++ : fp++;
				if (r.answer !== 'none' && a[i] !== r.answer) fn++;
			});
			return { micro_f1_positive: f1(tp, fp, fn), unparsed: a.filter((x) => !x).length / rows.length };
		}
	},
	{
		set: 'medquad', task: 'medquad',
		prompt: (r) => fill('medquad', { question: r.question.trim() }),
		score: (rows, outs) => ({ rougeL_f: rows.reduce((s, r, i) => s + rougeLF1(outs[i], r.answer), 0) / rows.length })
	}
];
