/**
 * The evaluation sets installed by `npm run data` into public/data/ (served at /data/): the index with each
 * set's task, license and citation, and the JSONL splits read with the tolerant parser.
 */
import { parseJsonl, type ParseError } from './jsonl';
import type { EvalItem, TaskType } from './schema';

export interface SplitInfo {
	file: string;
	n: number;
	sha256?: string;
}

export interface SetInfo {
	id: string;
	task: TaskType;
	license: string;
	citation: string;
	source?: string;
	splits: { dev: SplitInfo; train?: SplitInfo };
	/** A file the user loaded from disk (no train split, no license known). */
	isUser?: boolean;
}

export interface DataIndex {
	note?: string;
	sets: SetInfo[];
}

export const DATA_BASE = `${import.meta.env?.BASE_URL ?? '/'}data/`;

export class DataMissingError extends Error {}

export async function fetchIndex(base = DATA_BASE): Promise<DataIndex> {
	const response = await fetch(`${base}index.json`);
	if (!response.ok)
		throw new DataMissingError('No evaluation data installed. Run `npm run data` (copies ../shared/data into public/data/) and rebuild.');
	return (await response.json()) as DataIndex;
}

export async function fetchSplit(
	set: SetInfo,
	split: 'dev' | 'train',
	base = DATA_BASE
): Promise<{ items: EvalItem[]; errors: ParseError[] }> {
	const info = set.splits[split];
	if (!info) throw new DataMissingError(`${set.id} has no ${split} split`);
	const response = await fetch(`${base}${info.file}`);
	if (!response.ok) throw new DataMissingError(`${info.file} is missing: run \`npm run data\``);
	return parseJsonl(await response.text(), { expectedTask: set.task });
}

/** A user's own JSONL file as a set: the task is taken from the first valid line. */
export function userSet(name: string, text: string): { set: SetInfo | null; items: EvalItem[]; errors: ParseError[] } {
	const { items, errors } = parseJsonl(text);
	const task = items[0]?.task;
	const sameTask = task ? items.filter((item) => item.task === task) : [];
	const otherTask = items.length - sameTask.length;
	const allErrors =
		otherTask > 0
			? [
					...errors,
					{ line: 0, field: 'task', message: `${otherTask} item(s) of another task than "${task}" were skipped (one task per file)` }
				]
			: errors;
	if (!task) return { set: null, items: [], errors: allErrors };
	const id = `file:${name.replace(/\.jsonl?$/i, '')}`;
	return {
		set: {
			id,
			task,
			license: 'your file (license unknown)',
			citation: name,
			splits: { dev: { file: name, n: sameTask.length } },
			isUser: true
		},
		items: sameTask,
		errors: allErrors
	};
}
