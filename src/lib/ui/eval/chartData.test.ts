import { describe, expect, it } from 'vitest';
import type { EvalRun } from '../../eval/export';
import { BASELINE_COLOURS, chartData, MODEL_COLOURS } from './chartData';

const ci = (estimate: number) => ({
	estimate,
	lower: estimate - 0.1,
	upper: estimate + 0.1,
	confidence: 0.95,
	resamples: 1000,
	seed: 1,
	n: 20
});
const run = (set: string, task: EvalRun['task'], model: string, metrics: EvalRun['metrics']): EvalRun => ({
	set,
	task,
	model,
	backend: 'wasm',
	n: 20,
	seed: 1,
	metrics,
	items: []
});

describe('chartData', () => {
	it('one group per set by its headline metric, one series per model, null where a model did not run', () => {
		const data = chartData([
			run('medqa', 'mcq', 'bedside/med-lm', [{ name: 'accuracy', ci: ci(0.3) }]),
			run('medqa', 'mcq', 'baseline:chance', [{ name: 'accuracy', ci: ci(0.25) }]),
			run('bc5cdr', 'ner', 'bedside/ner-bc5cdr', [
				{ name: 'entity_precision', ci: ci(0.9) },
				{ name: 'entity_f1', ci: ci(0.8) }
			])
		]);
		expect(data.groups).toEqual(['medqa (accuracy)', 'bc5cdr (entity_f1)']);
		expect(data.series.map((s) => s.label)).toEqual(['bedside/med-lm', 'baseline:chance', 'bedside/ner-bc5cdr']);
		expect(data.series[0]!.values).toEqual([0.3, null]);
		expect(data.series[2]!.values).toEqual([null, 0.8]);
		expect(data.series[2]!.upper[1]).toBeCloseTo(0.9, 12);
	});

	it('gives every series its own colour, baselines greys apart from the models', () => {
		const data = chartData([
			run('pubmedqa', 'yesno', 'baseline:chance', [{ name: 'accuracy', ci: ci(0.33) }]),
			run('pubmedqa', 'yesno', 'baseline:majority', [{ name: 'accuracy', ci: ci(0.55) }]),
			run('pubmedqa', 'yesno', 'bedside/med-embed', [{ name: 'accuracy', ci: ci(0.4) }]),
			run('bc5cdr', 'ner', 'baseline:all-O', [{ name: 'entity_f1', ci: ci(0) }]),
			run('bc5cdr', 'ner', 'bedside/ner-bc5cdr', [{ name: 'entity_f1', ci: ci(0.88) }])
		]);
		const colours = data.series.map((s) => s.colour);
		expect(new Set(colours).size).toBe(colours.length);
		for (const s of data.series) {
			expect(s.label.startsWith('baseline:') ? BASELINE_COLOURS : MODEL_COLOURS).toContain(s.colour);
		}
	});
});
