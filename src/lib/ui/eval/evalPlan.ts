/**
 * The job plan of an evaluation: one job of baselines per set, then one per set x model, with the runner's method;
 * pairs without a runner, or models not trained yet, are listed as skipped with the reason.
 */
import type { SetInfo } from '../../eval/data';
import { newProgress, type JobProgress, type Runner, type RunnerFactory } from '../../eval/runners';
import type { ModelEntry } from '../../models/catalogue';
import { findModel } from '../../models/own/registry.svelte';

export interface EvalConfig {
	sets: string[];
	models: string[];
	/** Items per set (a seeded sample); 0 = all. */
	n: number;
	seed: number;
}

export type JobState = 'pending' | 'running' | 'done' | 'error' | 'skipped';

export interface Job {
	key: string;
	setId: string;
	/** Catalogue id; null for the set's baselines. */
	modelId: string | null;
	method: string;
	state: JobState;
	done: number;
	total: number;
	error?: string;
	progress: JobProgress;
	runner?: Runner;
}

/** Set x model jobs for the config; pairs without a runner are listed as skipped. Baselines first per set. */
export function planJobs(
	config: EvalConfig,
	setInfo: (id: string) => SetInfo | undefined,
	runnerFor: (set: SetInfo, entry: ModelEntry | undefined) => RunnerFactory | null
): Job[] {
	const jobs: Job[] = [];
	for (const setId of config.sets) {
		const set = setInfo(setId);
		if (!set) continue;
		jobs.push({
			key: `${setId}|baselines`,
			setId,
			modelId: null,
			method: 'baselines',
			state: 'pending',
			done: 0,
			total: 0,
			progress: newProgress()
		});
		for (const modelId of config.models) {
			const entry = findModel(modelId);
			const runner = runnerFor(set, entry);
			// A bundled entry without files is a model not trained yet: nothing to load.
			const isUntrained = entry?.source.kind === 'bundled' && entry.files.length === 0;
			if (runner && isUntrained) {
				jobs.push({
					key: `${setId}|${modelId}`,
					setId,
					modelId,
					method: runner.method,
					state: 'skipped',
					done: 0,
					total: 0,
					progress: newProgress(),
					error: `${modelId} has no model files yet (not trained)`
				});
				continue;
			}
			jobs.push({
				key: `${setId}|${modelId}`,
				setId,
				modelId,
				method: runner?.method ?? 'none',
				state: runner ? 'pending' : 'skipped',
				done: 0,
				total: 0,
				progress: newProgress(),
				error: runner ? undefined : `no ${set.task} runner for a ${entry?.role ?? 'unknown'} model`
			});
		}
	}
	return jobs;
}
