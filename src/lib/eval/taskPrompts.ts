/**
 * The task prompts `bedside/med-lm-2` was instruction-tuned on (taskPrompts.json, written with the training
 * recipe and read by it too), and the strict parsers for its answer formats. An answer outside the format is
 * unparsed (null), never guessed: the share of such answers is reported as a metric (`unparsed_share`), so a model
 * that ignores the format cannot look better by lenient reading.
 */
import type { ChatMessage } from '../inference/protocol';
import { markPair } from '../clinical/drugPairs';
import { truncateAtWord } from './prompts';
import raw from './taskPrompts.json';
import type { MultilabelItem, NerItem, OpenQaItem, RelationItem, YesNoItem } from './schema';

export interface TaskPrompt {
	sets: string[];
	user: string;
	max_chars?: number;
	max_new_tokens: number;
	repetition_penalty?: number;
	labels?: string[];
}

export type TaskPromptName = 'pubmedqa' | 'entities_chemical' | 'entities_disease' | 'hoc' | 'ddi' | 'medquad';

interface TaskPromptsFile {
	version: string;
	system: string;
	list_separator: string;
	tasks: Record<TaskPromptName, TaskPrompt>;
}

export const TASK_PROMPTS = raw as unknown as TaskPromptsFile;

/** The catalogue's `promptSet` value of models tuned on these prompts. */
export const TASK_PROMPT_SET = 'taskPrompts';

/** A chat (system + filled user template) and the generation settings the task asks for. */
export interface TaskRequest {
	messages: ChatMessage[];
	maxNewTokens: number;
	repetitionPenalty?: number;
}

/** Fills `{name}` placeholders in one pass, so a value containing braces is never filled again. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

function request(name: TaskPromptName, values: Record<string, string>): TaskRequest {
	const task = TASK_PROMPTS.tasks[name];
	const penalty = task.repetition_penalty;
	return {
		messages: [
			{ role: 'system', content: TASK_PROMPTS.system },
			{ role: 'user', content: fillTemplate(task.user, values) }
		],
		maxNewTokens: task.max_new_tokens,
		...(penalty !== undefined && penalty !== 1 ? { repetitionPenalty: penalty } : {})
	};
}

/**
 * Tokens decoded for a PubMedQA answer: the parse reads only the first word, and greedy decoding gives the same
 * first word whatever the budget, so the long answer (up to the task's max_new_tokens) is not decoded, as in the
 * recipe's Python evaluation.
 */
export const PUBMEDQA_PARSE_TOKENS = 8;

export function pubmedqaRequest(item: YesNoItem): TaskRequest {
	const maxChars = TASK_PROMPTS.tasks.pubmedqa.max_chars ?? Infinity;
	const full = request('pubmedqa', { context: truncateAtWord(item.context.trim(), maxChars), question: item.question.trim() });
	return { ...full, maxNewTokens: Math.min(full.maxNewTokens, PUBMEDQA_PARSE_TOKENS) };
}

/** The entity-listing task for a set's entity type (Chemical or Disease). */
export function entityTaskFor(type: string): 'entities_chemical' | 'entities_disease' | null {
	if (/^chemical/i.test(type)) return 'entities_chemical';
	if (/^disease/i.test(type)) return 'entities_disease';
	return null;
}

export function entitiesRequest(item: NerItem, task: 'entities_chemical' | 'entities_disease'): TaskRequest {
	return request(task, { text: item.tokens.join(' ') });
}

export function hocRequest(item: MultilabelItem): TaskRequest {
	return request('hoc', { text: item.context.trim() });
}

export function ddiRequest(item: RelationItem): TaskRequest {
	const [e1, e2] = item.entities;
	return request('ddi', { marked: markPair(item.context, item.entities), e1: e1?.text ?? '', e2: e2?.text ?? '' });
}

export function medquadRequest(item: OpenQaItem): TaskRequest {
	return request('medquad', { question: item.question.trim() });
}

/** PubMedQA: the output's first word must be yes, no or maybe. */
export function parsePubmedqaAnswer(text: string): 'yes' | 'no' | 'maybe' | null {
	const match = /^(yes|no|maybe)\b/.exec(text.trim().toLowerCase());
	return match ? (match[1] as 'yes' | 'no' | 'maybe') : null;
}

/** DDI: the output's first word must be one of the five interaction types. */
export function parseDdiAnswer(text: string): string | null {
	const match = /^(mechanism|effect|advise|int|none)\b/.exec(text.trim().toLowerCase());
	return match ? match[1]! : null;
}

/** `Prefix: a; b` after the exact prefix, split on ';', trimmed, empties dropped; null without the prefix. */
function listAfter(text: string, prefix: string): string[] | null {
	const trimmed = text.trim();
	if (!trimmed.startsWith(prefix)) return null;
	return trimmed
		.slice(prefix.length)
		.split(';')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** Entity listing: exactly "None" is no entity; otherwise "Chemicals: a; b" (or "Diseases: ..."), else null. */
export function parseEntityList(text: string, task: 'entities_chemical' | 'entities_disease'): string[] | null {
	if (text.trim() === 'None') return [];
	return listAfter(text, task === 'entities_chemical' ? 'Chemicals:' : 'Diseases:');
}

/**
 * HoC: exactly "None" is no hallmark; otherwise "Hallmarks: x; y" keeping only exact (case-insensitive) label
 * names, written as in the label list. Items after the prefix of which none is a label are unparsed (null); an
 * empty list after the prefix reads as no hallmark, as in the recipe's evaluation (training/lm2_eval.py).
 */
export function parseHallmarks(text: string, labels: readonly string[] = TASK_PROMPTS.tasks.hoc.labels ?? []): string[] | null {
	if (text.trim() === 'None') return [];
	const listed = listAfter(text, 'Hallmarks:');
	if (listed === null) return null;
	const byLower = new Map(labels.map((label) => [label.toLowerCase(), label]));
	const valid = [...new Set(listed.map((part) => byLower.get(part.toLowerCase())).filter((label): label is string => label !== undefined))];
	return valid.length > 0 || listed.length === 0 ? valid : null;
}
