/**
 * Result shapes and their exports: JSON (everything), CSV (one row per metric, or per item), a Markdown table
 * (metric ± CI) and predictions.json (item id -> prediction). Output depends only on the runs passed in, with
 * no clocks or locale, so the browser and the headless runner write identical files for identical runs.
 */
import type { ConfidenceInterval } from './bootstrap';
import type { MetricName } from './metrics';
import type { Prediction, TaskType } from './schema';

export interface MetricResult {
	name: MetricName;
	ci: ConfidenceInterval;
}

export interface ItemResult {
	id: string;
	gold: Prediction;
	prediction: Prediction;
	/** The item's own score where one exists: 1/0 for correct, ROUGE-L for open answers. */
	score?: number;
	latencyMs?: number;
}

export interface EvalRun {
	set: string;
	task: TaskType;
	/** Catalogue id of the model, or a baseline name. */
	model: string;
	/** e.g. webgpu, wasm, or 'none' for baselines. */
	backend: string;
	n: number;
	seed: number;
	promptVersion?: string;
	metrics: MetricResult[];
	latencyMsPerItem?: number;
	/** How the model answered (runner method), or what the baseline does. */
	method?: string;
	/** Items per second over the model calls (timing: differs run to run, like the latencies). */
	itemsPerSecond?: number;
	/** E.g. what a classifier was trained on. */
	note?: string;
	items: ItemResult[];
}

/** Pretty JSON with a final newline; NaN and Infinity become null, as JSON requires. */
export function runsToJson(runs: readonly EvalRun[]): string {
	return `${JSON.stringify(runs, null, 2)}\n`;
}

export const SUMMARY_CSV_HEADER = [
	'set',
	'task',
	'model',
	'backend',
	'n',
	'seed',
	'metric',
	'value',
	'ci_lower',
	'ci_upper',
	'confidence',
	'latency_ms_per_item'
];

/** One row per run and metric. */
export function runsToCsv(runs: readonly EvalRun[]): string {
	const rows = runs.flatMap((run) =>
		run.metrics.map(({ name, ci }) => [
			run.set,
			run.task,
			run.model,
			run.backend,
			run.n,
			run.seed,
			name,
			ci.estimate,
			ci.lower,
			ci.upper,
			ci.confidence,
			run.latencyMsPerItem
		])
	);
	return toCsv([SUMMARY_CSV_HEADER, ...rows]);
}

/** One row per item, for drill-down in a spreadsheet; tag and label lists are joined with spaces. */
export function itemsToCsv(run: EvalRun): string {
	const rows = run.items.map((item) => [item.id, predictionText(item.gold), predictionText(item.prediction), item.score, item.latencyMs]);
	return toCsv([['id', 'gold', 'prediction', 'score', 'latency_ms'], ...rows]);
}

export type CsvValue = string | number | boolean | null | undefined;

/** RFC 4180: CRLF line ends; a field with a quote, comma or line break is quoted and its quotes doubled. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
	return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function csvField(value: CsvValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number' && !Number.isFinite(value)) return '';
	const text = String(value);
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface MarkdownOptions {
	/** Decimal places for metric values. */
	digits?: number;
}

/** A table with one row per run and metric: value ± half the CI width, and the interval itself. */
export function runsToMarkdown(runs: readonly EvalRun[], { digits = 3 }: MarkdownOptions = {}): string {
	const format = (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
	const header = ['set', 'model', 'backend', 'n', 'metric', 'value ± CI', '95% CI', 'ms/item'];
	const rows = runs.flatMap((run) =>
		run.metrics.map(({ name, ci }) => {
			const halfWidth = (ci.upper - ci.lower) / 2;
			const confidence = `${Math.round(ci.confidence * 100)}%`;
			return [
				run.set,
				run.model,
				run.backend,
				String(run.n),
				name,
				`${format(ci.estimate)} ± ${format(halfWidth)}`,
				`${confidence} [${format(ci.lower)}, ${format(ci.upper)}]`,
				run.latencyMsPerItem === undefined ? '' : run.latencyMsPerItem.toFixed(1)
			];
		})
	);
	const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/** predictions.json: each item id mapped to its prediction (letter, yes/no/maybe, BIO tags, ...). */
export function predictionsMap(items: readonly ItemResult[]): Record<string, Prediction> {
	const byId = new Map<string, Prediction>();
	for (const item of items) {
		if (byId.has(item.id)) throw new Error(`duplicate item id "${item.id}" in predictions`);
		byId.set(item.id, item.prediction);
	}
	// fromEntries defines own properties, so even an id like "__proto__" stays an ordinary key.
	return Object.fromEntries(byId);
}

function predictionText(prediction: Prediction): string {
	if (prediction === null) return '';
	return Array.isArray(prediction) ? prediction.join(' ') : prediction;
}

/** Pipes would split the cell and line breaks the row. */
function markdownCell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
