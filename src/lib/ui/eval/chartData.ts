/**
 * Results as a grouped bar chart: one group per set (its headline metric), one bar per model or baseline,
 * each with its 95% CI as a whisker. Pure data shaping, so it is unit-tested without a canvas.
 */
import type { EvalRun } from '../../eval/export';
import type { MetricName } from '../../eval/metrics';
import type { TaskType } from '../../eval/schema';

/** The metric a set is charted by. */
export const HEADLINE_METRIC: Record<TaskType, MetricName> = {
	mcq: 'accuracy',
	yesno: 'accuracy',
	ner: 'entity_f1',
	openqa: 'rouge_l',
	relation: 'micro_f1',
	multilabel: 'macro_f1'
};

export interface ChartSeries {
	label: string;
	/** Bar colour: models from a categorical palette, baselines from greys of their own, every series distinct. */
	colour: string;
	/** One value per group; null where the model did not run on that set. */
	values: (number | null)[];
	lower: (number | null)[];
	upper: (number | null)[];
}

export interface ChartData {
	/** Group labels: "set (metric)". */
	groups: string[];
	series: ChartSeries[];
}

/** Tableau 10, minus its grey (kept for baselines). */
export const MODEL_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f', '#ff9da7'];
/**
 * Baselines stay grey, so models stand out, but each its own grey: chance, majority and all-O used to share one,
 * and the legend could not say which bar was which. Far enough apart in lightness to tell side by side.
 */
export const BASELINE_COLOURS = ['#bab0ac', '#7f7f7f', '#d9d9d9', '#5f5f5f', '#a5a5a5'];

export function chartData(runs: readonly EvalRun[]): ChartData {
	const sets = [...new Set(runs.map((run) => run.set))];
	const models = [...new Set(runs.map((run) => run.model))];
	const groups = sets.map((set) => {
		const task = runs.find((run) => run.set === set)!.task;
		return `${set} (${HEADLINE_METRIC[task]})`;
	});
	let modelIndex = 0;
	let baselineIndex = 0;
	const series = models.map((model) => {
		// Past the palette's end colours repeat; the legend still names each series.
		const colour = model.startsWith('baseline:')
			? (BASELINE_COLOURS[baselineIndex++ % BASELINE_COLOURS.length] ?? '#7f7f7f')
			: (MODEL_COLOURS[modelIndex++ % MODEL_COLOURS.length] ?? '#4e79a7');
		const cis = sets.map((set) => {
			const run = runs.find((candidate) => candidate.set === set && candidate.model === model);
			return run?.metrics.find((metric) => metric.name === HEADLINE_METRIC[run.task])?.ci ?? null;
		});
		return {
			label: model,
			colour,
			values: cis.map((ci) => ci?.estimate ?? null),
			lower: cis.map((ci) => ci?.lower ?? null),
			upper: cis.map((ci) => ci?.upper ?? null)
		};
	});
	return { groups, series };
}
