/**
 * A comparison's input as a file the user saves and opens again (Share, in the compare view): for inputs too
 * long for a link, or for people who would rather not put a note in an address bar. Plain JSON with a schema
 * name and version; opening meets whatever file was picked, so it returns a typed error instead of throwing.
 */
import { fail, succeed, type Outcome } from './outcome';
import { MAX_SHARED_LABELS, MAX_SHARED_MODEL_IDS, type CompareState } from './urlState';

export const SHARE_FILE_SCHEMA = 'bedside.compare-input';
export const SHARE_FILE_VERSION = 1;
/** Far above any note the models can read (the compare view refuses longer ones), far below a browser's limits. */
export const MAX_SHARE_FILE_BYTES = 2_000_000;

const isStrings = (value: unknown, max: number): value is string[] =>
	Array.isArray(value) && value.length <= max && value.every((v) => typeof v === 'string');

/** Whether `value` has the shape of a CompareState (also used for the saved draft). */
export function isCompareState(value: unknown): value is CompareState {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		typeof v.note === 'string' &&
		typeof v.question === 'string' &&
		(v.exampleId === null || typeof v.exampleId === 'string') &&
		isStrings(v.modelIds, MAX_SHARED_MODEL_IDS) &&
		isStrings(v.labels, MAX_SHARED_LABELS)
	);
}

export function shareFileText(state: CompareState): string {
	return `${JSON.stringify({ schema: SHARE_FILE_SCHEMA, version: SHARE_FILE_VERSION, ...state }, null, 2)}\n`;
}

export function readShareFile(text: string): Outcome<CompareState, string> {
	if (text.length > MAX_SHARE_FILE_BYTES)
		return fail(`The file is ${text.length} characters; a shared comparison is at most ${MAX_SHARE_FILE_BYTES}.`);
	if (text.trim() === '') return fail('The file is empty.');
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return fail('The file is not a Bedside comparison (it is not JSON).');
	}
	const { schema, version, ...state } = (parsed ?? {}) as Record<string, unknown>;
	if (schema !== SHARE_FILE_SCHEMA) return fail('The file is not a Bedside comparison (use one saved with Share > Save as file).');
	if (version !== SHARE_FILE_VERSION)
		return fail(`The file was saved by a different Bedside version (format ${String(version)}); this one reads ${SHARE_FILE_VERSION}.`);
	if (!isCompareState(state)) return fail('The file is damaged: the note, question, labels or model list is missing.');
	return succeed({
		note: state.note,
		question: state.question,
		exampleId: state.exampleId,
		modelIds: state.modelIds,
		labels: state.labels
	});
}
