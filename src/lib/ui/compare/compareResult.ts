/**
 * A snapshot of the compare view as one CompareResult (clinical/result.ts), for copy and download. Kept apart from
 * the session: it only reads the view, and the catalogue for each model's kind and defaults.
 */
import { GROUNDING_THRESHOLDS } from '../../clinical/grounding';
import { judgeAnswer, judgeLabels } from '../../clinical/uncertainty';
import { createCompareResult, type CompareResult, type LibraryAnswerReport, type ModelRun } from '../../clinical/result';
import type { LoadedModel } from '../../inference/protocol';
import { getModel } from '../../models/own/registry.svelte';
import type { CompareView, LibraryAnswerView } from './compareView';
import type { MemoryReading } from './memory';
import { specialistRuns } from './specialists';

function baseRun(modelId: string, task: ModelRun['task'], loaded: LoadedModel | null, memory: MemoryReading | null): ModelRun {
	const entry = getModel(modelId);
	return {
		modelId,
		kind: entry.source.kind === 'bundled' ? 'bedside-own' : 'hub',
		task,
		device: loaded?.device ?? entry.defaults.device,
		dtype: loaded?.dtype ?? entry.defaults.dtype,
		loadMs: loaded?.loadMs ?? null,
		runMs: null,
		memoryBytes: memory?.bytes ?? null,
		timings: {},
		output: null,
		error: null
	};
}

function libraryReport(library: LibraryAnswerView): LibraryAnswerReport {
	return {
		text: library.answer,
		tokens: library.stats?.tokens ?? library.tokens,
		runMs: library.stats?.totalMs ?? null,
		isInterrupted: library.stats?.isInterrupted ?? false,
		passages: (library.turn?.hits ?? []).map(({ passage }, i) => ({
			n: i + 1,
			id: passage.id,
			title: passage.title,
			source: passage.source,
			text: passage.text
		})),
		flags: library.turn?.flags ?? null,
		error: library.error ?? library.turn?.problem ?? null
	};
}

/** `view` must be a plain snapshot (no Svelte proxies): the result is serialised as it is. */
export function buildCompareResult(view: CompareView, now: Date = new Date()): CompareResult | null {
	const { inputs, ids, light, llm, library, grounding } = view;
	if (!inputs) return null;
	const result = createCompareResult(inputs, now);
	if (llm.source === 'model') {
		result.runs.push({
			...baseRun(ids.llm, 'generate', llm.loaded, llm.memory),
			runMs: llm.stats?.totalMs ?? null,
			timings: llm.stats ? { ttftMs: llm.stats.ttftMs, tokensPerSecond: llm.stats.tokensPerSecond } : {},
			output:
				llm.phase === 'error' && llm.answer === ''
					? null
					: {
							task: 'generate',
							text: llm.answer,
							tokens: llm.stats?.tokens ?? llm.tokens,
							isInterrupted: llm.stats?.isInterrupted ?? false
						},
			error: llm.error
		});
	}
	const nerLoaded = light.loaded[ids.ner] ?? null;
	const embedLoaded = light.loaded[ids.embed] ?? null;
	result.runs.push({
		...baseRun(ids.ner, 'ner', nerLoaded, light.memory),
		runMs: light.ner?.ms ?? null,
		timings:
			light.ner && light.ner.sentences > 0 ? { perSentenceMs: light.ner.ms / light.ner.sentences, sentences: light.ner.sentences } : {},
		output: light.ner ? { task: 'ner', entities: light.ner.entities } : null,
		error: light.ner ? null : light.error
	});
	const embedError = light.phase === 'error' && light.embedMs === null ? light.error : null;
	const embedRun = (task: ModelRun['task']): ModelRun => ({
		...baseRun(ids.embed, task, embedLoaded, light.memory),
		runMs: light.embedMs,
		// The three embedding results share one batch: runMs is that batch's time.
		timings: light.embedMs === null ? {} : { sharedBatchMs: light.embedMs },
		error: embedError
	});
	const hasEmbeddings = light.embedMs !== null;
	if (light.labelsUsed) {
		result.runs.push({
			...embedRun('classify'),
			output: hasEmbeddings
				? {
						task: 'classify',
						method: 'embedding-similarity',
						labels: light.labels,
						verdict: judgeLabels(light.labels, light.clinicalScore)
					}
				: null
		});
	}
	result.runs.push({
		...embedRun('qa'),
		output: hasEmbeddings ? { task: 'qa', method: 'retrieval', answer: light.qa, verdict: judgeAnswer(light.qa) } : null
	});
	result.runs.push({
		...embedRun('similar-sentences'),
		output: hasEmbeddings ? { task: 'similar-sentences', sentences: light.closest } : null
	});
	for (const run of specialistRuns(light.hallmarks, light.interactions)) {
		const { modelId, task, loaded, ...rest } = run;
		result.runs.push({ ...baseRun(modelId, task, loaded, light.memory), ...rest });
	}
	if (grounding.phase === 'done') {
		result.grounding = { embedModelId: ids.embed, nerModelId: ids.ner, thresholds: { ...GROUNDING_THRESHOLDS }, flags: grounding.flags };
	}
	result.answer = llm.source ? { source: llm.source, text: llm.answer } : null;
	if (library) result.library = libraryReport(library);
	return result;
}
