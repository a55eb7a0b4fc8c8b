/** Reads evaluation items from JSONL text in the shared schema (schema.ts), one error per bad line. */
import { clip, type EvalItem, type ItemByTask, type TaskType } from './schema';
import { validateItem } from './validateItem';

export interface ParseError {
	/** 1-based line number in the file. */
	line: number;
	/** The offending field, or '(line)' when the line as a whole is unusable. */
	field: string;
	/** Names the line and the field, e.g. `line 4, field "answer": must be one of A, B, C, D (got "E")`. */
	message: string;
}

export interface ParseResult<T extends EvalItem> {
	items: T[];
	errors: ParseError[];
}

export interface ParseOptions<T extends TaskType> {
	/** Lines of another task are rejected; lines without a `task` field are read as this task. */
	expectedTask?: T;
}

export const WHOLE_LINE = '(line)';

/** Parses JSONL text (BOM, CRLF and blank lines allowed). Ids must be unique within the file. */
export function parseJsonl<T extends TaskType = TaskType>(text: string, options: ParseOptions<T> = {}): ParseResult<ItemByTask[T]> {
	const items: ItemByTask[T][] = [];
	const errors: ParseError[] = [];
	const firstLineById = new Map<string, number>();
	const lines = stripBom(text).split('\n');

	lines.forEach((rawLine, index) => {
		const line = index + 1;
		const content = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
		if (content.trim() === '') return;

		const parsed = parseJsonObject(content);
		if (typeof parsed === 'string') {
			errors.push(lineError(line, WHOLE_LINE, parsed));
			return;
		}
		const result = validateItem(parsed, options.expectedTask);
		if (!result.ok) {
			errors.push(lineError(line, result.field, result.message));
			return;
		}
		const firstLine = firstLineById.get(result.item.id);
		if (firstLine !== undefined) {
			errors.push(lineError(line, 'id', `duplicate id "${clip(result.item.id)}" (first seen on line ${firstLine})`));
			return;
		}
		firstLineById.set(result.item.id, line);
		items.push(result.item as ItemByTask[T]);
	});
	return { items, errors };
}

function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The message names line and field itself, so it reads well on its own in a list. */
function lineError(line: number, field: string, message: string): ParseError {
	const where = field === WHOLE_LINE ? `line ${line}` : `line ${line}, field "${field}"`;
	return { line, field, message: `${where}: ${message}` };
}

/** The parsed object, or a message saying why the line is not one. */
function parseJsonObject(content: string): Record<string, unknown> | string {
	let value: unknown;
	try {
		value = JSON.parse(content);
	} catch (err) {
		const reason = err instanceof Error ? err.message : String(err);
		return `not valid JSON (${clip(reason, 120)})`;
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return `expected a JSON object, got ${Array.isArray(value) ? 'an array' : String(value === null ? 'null' : typeof value)}`;
	}
	return value as Record<string, unknown>;
}
