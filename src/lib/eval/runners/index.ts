/**
 * Runs one (set, model) job item batch by item batch, so it can be cancelled and resumed, and turns the
 * per-item outcomes into an EvalRun with seeded bootstrap CIs. The browser view and the headless runner
 * (which drives the same page) both go through here.
 */
import { baselinesFor, labelSetFor } from '../baselines';
import { DEFAULT_BOOTSTRAP, meanCi, mulberry32 } from '../bootstrap';
import type { EvalRun, MetricResult } from '../export';
import type { MetricName } from '../metrics';
import { LIBRARY_PROMPT_VERSION } from '../../library/libraryPrompt';
import { PROMPT_VERSION } from '../prompts';
import type { EvalItem, Prediction, TaskType } from '../schema';
import { scoreItems } from '../scoreItems';
import { TASK_PROMPTS } from '../taskPrompts';
import { embedLogReg, embedOptionSimilarity, embedRetrieval } from './embed';
import { llmLoglik } from './llm';
import { llmGenerate } from './llmGenerate';
import { llmTaskPrompts, llmTaskPromptsUntuned } from './llmTasks';
import { nerTagger } from './ner';
import { hallmarksClassifier, relationClassifier } from './specialists';
import type { ItemOutcome, ModelRole, Runner, RunnerFactory } from './types';

export * from './types';

export const RUNNERS: readonly RunnerFactory[] = [
	llmTaskPrompts,
	llmLoglik,
	llmGenerate,
	llmTaskPromptsUntuned,
	nerTagger,
	hallmarksClassifier,
	relationClassifier,
	embedOptionSimilarity,
	embedLogReg,
	embedRetrieval
];

/**
 * The runner for a task and model role, or null when that pair is not run (baselines only). A model tuned on a
 * prompt set (the catalogue's `promptSet`) gets that set's runner where it covers the task.
 */
export function runnerFor(task: TaskType, role: ModelRole | string, promptSet?: string): RunnerFactory | null {
	const fitting = RUNNERS.filter((runner) => runner.role === role && runner.tasks.includes(task));
	return (
		fitting.find((runner) => promptSet !== undefined && runner.promptSet === promptSet) ??
		fitting.find((runner) => runner.promptSet === undefined) ??
		null
	);
}

/** The prompt version a method's results depend on (recorded with the run). */
function promptVersionOf(method: string | undefined): string | undefined {
	if (method === 'llm-loglik') return PROMPT_VERSION;
	if (method === 'llm-task-prompts') return TASK_PROMPTS.version;
	if (method === 'llm-library') return LIBRARY_PROMPT_VERSION;
	return undefined;
}

/** `n` items drawn without replacement by a seeded shuffle, kept in file order; n <= 0 or >= size: all. */
export function sampleItems<T>(items: readonly T[], n: number, seed: number): T[] {
	if (n <= 0 || n >= items.length) return [...items];
	const random = mulberry32(seed);
	const order = items.map((_, i) => i);
	for (let i = order.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j]!, order[i]!];
	}
	return order
		.slice(0, n)
		.sort((a, b) => a - b)
		.map((i) => items[i]!);
}

export interface OutcomeWithTiming extends ItemOutcome {
	latencyMs: number;
}

/** A job's progress: kept by the caller, so a cancelled job resumes where it stopped. */
export interface JobProgress {
	outcomes: Map<string, OutcomeWithTiming>;
	/** Set once prepare() ran (its note), so a resume does not train again. */
	prepared: boolean;
	note?: string;
	/** Milliseconds spent in predict() calls. */
	predictMs: number;
}

export function newProgress(): JobProgress {
	return { outcomes: new Map(), prepared: false, predictMs: 0 };
}

export interface RunJobOptions {
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
	now?: () => number;
}

/** Runs the items not yet in `progress`; returns true when every item has an outcome, false when aborted. */
export async function runJob(
	runner: Runner,
	items: readonly EvalItem[],
	progress: JobProgress,
	options: RunJobOptions = {}
): Promise<boolean> {
	const now = options.now ?? (() => performance.now());
	if (!progress.prepared) {
		if (options.signal?.aborted) return false;
		progress.note = runner.prepare ? await runner.prepare() : undefined;
		progress.prepared = true;
	}
	const pending = items.filter((item) => !progress.outcomes.has(item.id));
	options.onProgress?.(items.length - pending.length, items.length);
	for (let start = 0; start < pending.length; start += runner.batchSize) {
		if (options.signal?.aborted) return false;
		const batch = pending.slice(start, start + runner.batchSize);
		const began = now();
		const outcomes = await runner.predict(batch);
		const ms = now() - began;
		progress.predictMs += ms;
		batch.forEach((item, i) => progress.outcomes.set(item.id, { ...(outcomes[i] ?? { prediction: null }), latencyMs: ms / batch.length }));
		options.onProgress?.(items.length - pending.length + start + batch.length, items.length);
	}
	return true;
}

export interface RunInfo {
	set: string;
	model: string;
	backend: string;
	seed: number;
	method?: string;
	/** All items of the set (labels for macro-F1 come from the whole set, not the sample). */
	setItems?: readonly EvalItem[];
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Scores a finished job: metrics with seeded bootstrap CIs, per-item results with latency. */
export function toEvalRun(info: RunInfo, items: readonly EvalItem[], progress: JobProgress): EvalRun {
	const task = items[0]!.task;
	const predictions: Record<string, Prediction> = {};
	for (const item of items) predictions[item.id] = progress.outcomes.get(item.id)?.prediction ?? null;
	const bootstrap = { seed: info.seed, resamples: DEFAULT_BOOTSTRAP.resamples };
	const labels = task === 'relation' || task === 'multilabel' ? labelSetFor(info.setItems ?? items) : undefined;
	const scored = scoreItems(items, predictions, { ...bootstrap, labels });
	const metrics: MetricResult[] = [...scored.metrics];
	const extraNames = [...new Set(items.flatMap((item) => Object.keys(progress.outcomes.get(item.id)?.extra ?? {})))].sort();
	for (const name of extraNames) {
		metrics.push({
			name: name as MetricName,
			ci: meanCi(
				items.map((item) => progress.outcomes.get(item.id)?.extra?.[name] ?? 0),
				bootstrap
			)
		});
	}
	const latencies = items.map((item) => progress.outcomes.get(item.id)?.latencyMs ?? 0);
	return {
		set: info.set,
		task,
		model: info.model,
		backend: info.backend,
		n: items.length,
		seed: info.seed,
		promptVersion: promptVersionOf(info.method),
		method: info.method,
		metrics,
		latencyMsPerItem: round(latencies.reduce((sum, ms) => sum + ms, 0) / items.length),
		itemsPerSecond: progress.predictMs > 0 ? round((items.length * 1000) / progress.predictMs) : undefined,
		note: progress.note,
		items: scored.items.map((result, i) => ({ ...result, latencyMs: round(latencies[i] ?? 0) }))
	};
}

/**
 * Chance and majority (or all-O / question-echo) runs for the sample. Rule baselines get bootstrap CIs from
 * their per-item predictions; chance is an expected value, so its interval is the point itself (resamples 0).
 */
export function baselineRuns(set: string, items: readonly EvalItem[], seed: number, setItems: readonly EvalItem[] = items): EvalRun[] {
	const task = items[0]!.task;
	const labels = task === 'relation' || task === 'multilabel' || task === 'yesno' ? labelSetFor(setItems) : undefined;
	return baselinesFor(items, { labels }).map((baseline) => {
		const base = { set, task, model: `baseline:${baseline.name}`, backend: 'none', n: items.length, seed, method: baseline.description };
		if (baseline.predictions) {
			const scored = scoreItems(items, baseline.predictions, { seed, labels });
			return { ...base, metrics: scored.metrics, items: scored.items };
		}
		const metrics = Object.entries(baseline.metrics)
			.filter((entry): entry is [string, number] => entry[1] !== undefined)
			.map(([name, value]) => ({
				name: name as MetricName,
				ci: { estimate: value, lower: value, upper: value, confidence: DEFAULT_BOOTSTRAP.confidence, resamples: 0, seed, n: items.length }
			}));
		return { ...base, metrics, items: [] };
	});
}
