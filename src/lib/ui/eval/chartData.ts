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

export function chartData(runs: readonly EvalRun[]): ChartData {
	const sets = [...new Set(runs.map((run) => run.set))];
	const models = [...new Set(runs.map((run) => run.model))];
	const groups = sets.map((set) => {
		const task = runs.find((run) => run.set === set)!.task;
		return `${set} (${HEADLINE_METRIC[task]})`;
	});
	const series = models.map((model) => {
		const cis = sets.map((set) => {
			const run = runs.find((candidate) => candidate.set === set && candidate.model === model);
			return run?.metrics.find((metric) => metric.name === HEADLINE_METRIC[run.task])?.ci ?? null;
		});
		return {
			label: model,
			values: cis.map((ci) => ci?.estimate ?? null),
			lower: cis.map((ci) => ci?.lower ?? null),
			upper: cis.map((ci) => ci?.upper ?? null)
		};
	});
	return { groups, series };
}
