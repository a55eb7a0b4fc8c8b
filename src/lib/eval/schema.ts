/**
 * The evaluation JSONL schema (see ../shared/data/MANIFEST.md) and a tolerant line-by-line parser.
 * One bad line never loses the rest of the file: it becomes an error naming the line and the field.
 */

export const TASK_TYPES = ['mcq', 'yesno', 'ner', 'openqa', 'multilabel', 'relation'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const YES_NO_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type YesNoAnswer = (typeof YES_NO_ANSWERS)[number];

/** Option keys are capital letters from A; the shared sets use A-D, user files may have more. */
export type OptionLetter = string;

interface ItemBase {
	id: string;
	/** Id or location in the original data; optional so user files need not invent one. */
	source?: string;
}

export interface McqItem extends ItemBase {
	task: 'mcq';
	question: string;
	/** Keys in letter order A, B, C, ... with no gaps. */
	options: Record<OptionLetter, string>;
	answer: OptionLetter;
	subject?: string;
}

export interface YesNoItem extends ItemBase {
	task: 'yesno';
	question: string;
	context: string;
	answer: YesNoAnswer;
	long_answer?: string;
}

export interface NerItem extends ItemBase {
	task: 'ner';
	tokens: string[];
	/** BIO tags, one per token: O, B-<type>, I-<type>. */
	tags: string[];
}

export interface OpenQaItem extends ItemBase {
	task: 'openqa';
	question: string;
	answer: string;
}

export interface MultilabelItem extends ItemBase {
	task: 'multilabel';
	context: string;
	/** May be empty. */
	labels: string[];
}

export interface RelationEntity {
	text: string;
	type: string;
	/** [start, end) character offsets into the item's context. */
	spans: [number, number][];
}

export interface RelationItem extends ItemBase {
	task: 'relation';
	question: string;
	context: string;
	entities: RelationEntity[];
	answer: string;
}

export interface ItemByTask {
	mcq: McqItem;
	yesno: YesNoItem;
	ner: NerItem;
	openqa: OpenQaItem;
	multilabel: MultilabelItem;
	relation: RelationItem;
}
export type EvalItem = ItemByTask[TaskType];

/**
 * What a model answered for one item: an option letter, yes/no/maybe, a relation label or free text (string),
 * BIO tags or a label list (string[]), or null when no answer could be read.
 */
export type Prediction = string | string[] | null;

// The JSONL reader lives in jsonl.ts (it validates with validateItem.ts, which needs this file's constants).
export type { ParseError, ParseResult, ParseOptions } from './jsonl';

/** Shortens user data quoted in messages, so a huge bad line cannot flood the UI. */
export function clip(text: string, max = 60): string {
	return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
