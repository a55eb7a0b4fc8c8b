/**
 * Field-by-field checks of one parsed JSONL object against the schema. The first problem found is reported
 * with its field name; the item is rebuilt from known fields only, so stray keys never reach the runners.
 */
import { TASK_TYPES, YES_NO_ANSWERS, clip, type EvalItem, type RelationEntity, type TaskType, type YesNoAnswer } from './schema';

export type ValidationResult = { ok: true; item: EvalItem } | { ok: false; field: string; message: string };

const BIO_TAG = /^(O|[BI]-\S+)$/;
const MAX_OPTIONS = 10;

class FieldError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

export function validateItem(raw: Record<string, unknown>, expectedTask?: TaskType): ValidationResult {
	try {
		return { ok: true, item: buildItem(raw, expectedTask) };
	} catch (err) {
		if (err instanceof FieldError) return { ok: false, field: err.field, message: err.message };
		throw err;
	}
}

function buildItem(raw: Record<string, unknown>, expectedTask?: TaskType): EvalItem {
	const task = readTask(raw, expectedTask);
	const id = requireString(raw, 'id', { nonEmpty: true });
	const source = optionalString(raw, 'source');
	const base = source === undefined ? { id } : { id, source };
	switch (task) {
		case 'mcq': {
			const options = readOptions(raw);
			const answer = requireString(raw, 'answer');
			if (!(answer in options)) {
				throw new FieldError('answer', `must be one of ${Object.keys(options).join(', ')} (got ${quote(answer)})`);
			}
			const subject = optionalString(raw, 'subject');
			const item = { ...base, task, question: requireString(raw, 'question', { nonEmpty: true }), options, answer };
			return subject === undefined ? item : { ...item, subject };
		}
		case 'yesno': {
			const answer = requireString(raw, 'answer');
			if (!(YES_NO_ANSWERS as readonly string[]).includes(answer)) {
				throw new FieldError('answer', `must be one of ${YES_NO_ANSWERS.join(', ')} (got ${quote(answer)})`);
			}
			const longAnswer = optionalString(raw, 'long_answer');
			const item = {
				...base,
				task,
				question: requireString(raw, 'question', { nonEmpty: true }),
				context: requireString(raw, 'context'),
				answer: answer as YesNoAnswer
			};
			return longAnswer === undefined ? item : { ...item, long_answer: longAnswer };
		}
		case 'ner': {
			const tokens = requireStringArray(raw, 'tokens');
			const tags = requireStringArray(raw, 'tags');
			if (tokens.length === 0) throw new FieldError('tokens', 'must hold at least one token');
			if (tags.length !== tokens.length) {
				throw new FieldError('tags', `must hold one tag per token (${tokens.length} tokens, ${tags.length} tags)`);
			}
			const badTag = tags.findIndex((tag) => !BIO_TAG.test(tag));
			if (badTag >= 0) {
				throw new FieldError('tags', `tag ${badTag} is ${quote(tags[badTag] ?? '')}; expected O, B-<type> or I-<type>`);
			}
			return { ...base, task, tokens, tags };
		}
		case 'openqa':
			return {
				...base,
				task,
				question: requireString(raw, 'question', { nonEmpty: true }),
				answer: requireString(raw, 'answer', { nonEmpty: true })
			};
		case 'multilabel':
			return { ...base, task, context: requireString(raw, 'context', { nonEmpty: true }), labels: requireStringArray(raw, 'labels') };
		case 'relation':
			return {
				...base,
				task,
				question: requireString(raw, 'question', { nonEmpty: true }),
				context: requireString(raw, 'context', { nonEmpty: true }),
				entities: readEntities(raw),
				answer: requireString(raw, 'answer', { nonEmpty: true })
			};
	}
}

function readTask(raw: Record<string, unknown>, expectedTask?: TaskType): TaskType {
	if (raw.task === undefined && expectedTask) return expectedTask;
	const task = requireString(raw, 'task');
	if (!(TASK_TYPES as readonly string[]).includes(task)) {
		throw new FieldError('task', `must be one of ${TASK_TYPES.join(', ')} (got ${quote(task)})`);
	}
	if (expectedTask && task !== expectedTask) {
		throw new FieldError('task', `expected ${quote(expectedTask)} for this set (got ${quote(task)})`);
	}
	return task as TaskType;
}

/** Options must be A, B, C, ... without gaps, so "1/number of options" and letter prompts mean what they say. */
function readOptions(raw: Record<string, unknown>): Record<string, string> {
	const value = raw.options;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new FieldError('options', `must be an object like {"A": "...", "B": "..."} (got ${describeValue(value)})`);
	}
	const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
	if (entries.length < 2 || entries.length > MAX_OPTIONS) {
		throw new FieldError('options', `must hold 2 to ${MAX_OPTIONS} options (got ${entries.length})`);
	}
	const options: Record<string, string> = {};
	entries.forEach(([key, text], index) => {
		const expectedKey = String.fromCharCode(65 + index);
		if (key !== expectedKey) {
			throw new FieldError('options', `keys must be consecutive capital letters from A (expected ${expectedKey}, got ${quote(key)})`);
		}
		if (typeof text !== 'string' || text.trim() === '') {
			throw new FieldError(`options.${key}`, `must be a non-empty string (got ${describeValue(text)})`);
		}
		options[key] = text;
	});
	return options;
}

function readEntities(raw: Record<string, unknown>): RelationEntity[] {
	const value = raw.entities;
	if (!Array.isArray(value) || value.length === 0) {
		throw new FieldError('entities', `must be a non-empty array of {text, type, spans} (got ${describeValue(value)})`);
	}
	return value.map((entity: unknown, index) => {
		const field = `entities[${index}]`;
		if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) {
			throw new FieldError(field, `must be an object {text, type, spans} (got ${describeValue(entity)})`);
		}
		const record = entity as Record<string, unknown>;
		const text = requireString(record, 'text', { nonEmpty: true, prefix: field });
		const type = requireString(record, 'type', { prefix: field });
		const spans = record.spans;
		const isSpan = (span: unknown) =>
			Array.isArray(span) && span.length === 2 && span.every(Number.isInteger) && span[0] >= 0 && span[0] < span[1];
		if (!Array.isArray(spans) || spans.length === 0 || !spans.every(isSpan)) {
			throw new FieldError(`${field}.spans`, `must be a non-empty list of [start, end) offsets (got ${describeValue(spans)})`);
		}
		return { text, type, spans: spans as [number, number][] };
	});
}

interface StringRules {
	nonEmpty?: boolean;
	/** Parent path for nested fields, e.g. `entities[0]`. */
	prefix?: string;
}

function requireString(raw: Record<string, unknown>, key: string, rules: StringRules = {}): string {
	const field = rules.prefix ? `${rules.prefix}.${key}` : key;
	const value = raw[key];
	if (value === undefined) throw new FieldError(field, 'is missing');
	if (typeof value !== 'string') throw new FieldError(field, `must be a string (got ${describeValue(value)})`);
	if (rules.nonEmpty && value.trim() === '') throw new FieldError(field, 'must not be empty');
	return value;
}

function optionalString(raw: Record<string, unknown>, key: string): string | undefined {
	return raw[key] === undefined || raw[key] === null ? undefined : requireString(raw, key);
}

function requireStringArray(raw: Record<string, unknown>, key: string): string[] {
	const value = raw[key];
	if (value === undefined) throw new FieldError(key, 'is missing');
	if (!Array.isArray(value)) throw new FieldError(key, `must be an array of strings (got ${describeValue(value)})`);
	const bad = value.findIndex((entry) => typeof entry !== 'string');
	if (bad >= 0) throw new FieldError(key, `entry ${bad} must be a string (got ${describeValue(value[bad])})`);
	return value as string[];
}

function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return `an array of ${value.length}`;
	if (typeof value === 'string') return quote(value);
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

function quote(text: string): string {
	return JSON.stringify(clip(text));
}
