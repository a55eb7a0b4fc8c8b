/**
 * Checks for numbers and lists typed into the page, each returning the reason a value is refused (shown next
 * to the field) or null. A refused value is never used in silence: the field says why, and the action that
 * needs it waits. Pure, so unit tests cover every branch.
 */

/** A whole number from `min` to `max` typed in a number field (Svelte binds blank as null or ''). */
function wholeNumber(value: unknown, min: number, max: number, what: string): string | null {
	if (value === null || value === undefined || value === '') return `Enter ${what}.`;
	const n = Number(value);
	if (!Number.isFinite(n) || !Number.isInteger(n)) return `${what[0]?.toUpperCase()}${what.slice(1)} must be a whole number.`;
	if (n < min || n > max) return `Use a number from ${min} to ${max}.`;
	return null;
}

/** WASM threads: 0 (automatic) up to this machine's cores (more only slow it down; ONNX Runtime caps at 16). */
export function checkThreads(value: unknown, cores: number): string | null {
	const max = Math.max(1, Math.min(16, cores));
	const problem = wholeNumber(value, 0, max, 'a number of threads');
	return problem && `${problem} 0 lets the browser choose; this machine has ${cores} core${cores === 1 ? '' : 's'}.`;
}

export function checkMaxNewTokens(value: unknown, limit: number): string | null {
	return wholeNumber(value, 1, limit, 'how many word pieces (tokens) the answer may have');
}

export function checkTemperature(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return 'Enter a temperature (0 always picks the likeliest word).';
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 && n <= 2 ? null : 'Use a temperature from 0 to 2.';
}

/** Items per set for an evaluation: 0 means every item. */
export function checkSampleSize(value: unknown, max: number): string | null {
	const problem = wholeNumber(value, 0, max, 'how many items to take from each set');
	return problem && `${problem} 0 runs every item.`;
}

/** Label lines: how many are typed (distinct, non-empty) against how many the classifier takes. */
export function checkLabelLines(text: string, maxLabels: number): string | null {
	const labels = new Set(
		text
			.split(/\r?\n/u)
			.map((line) => (line.includes(':') ? line.slice(0, line.indexOf(':')) : line).trim().toLowerCase())
			.filter((label) => label !== '')
	);
	if (labels.size === 0) return 'No labels: the note will not be classified. Add lines as "label: description", or pick a preset.';
	if (labels.size === 1) return 'Add a second label: a score needs something to compare with.';
	if (labels.size > maxLabels)
		return `${labels.size} labels typed; only the first ${maxLabels} are scored. Remove some, or split them into two runs.`;
	return null;
}
