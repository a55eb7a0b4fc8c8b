/**
 * One pipeline per runnable task (models/tasks.ts): how each is created with Transformers.js, warmed up, and run
 * for a protocol task. The engine (transformersEngine.ts) owns their lifecycle; this file owns what they do.
 */
import {
	pipeline,
	type FeatureExtractionPipeline,
	type PretrainedModelOptions,
	type TextGenerationPipeline,
	type TokenClassificationPipeline
} from '@huggingface/transformers';
import type { ModelEntry } from '../../models/catalogue';
import { InferenceError } from '../errors';
import { ChatGenerator } from '../generation/chatGenerator';
import type { LoadedModel, TaskInput, TaskOutput } from '../protocol';
import { scoreContinuations } from './scoring';
import { classifySequences, loadSequenceClassifier, type SequenceClassifier } from './sequenceClassification';
import { classifyTokens } from './tokenClassification';

/** One loaded pipeline per model id, whatever its task. */
export type LoadedPipeline =
	| { task: 'text-generation'; pipe: TextGenerationPipeline; generator: ChatGenerator }
	| { task: 'token-classification'; pipe: TokenClassificationPipeline }
	| { task: 'feature-extraction'; pipe: FeatureExtractionPipeline }
	| ({ task: 'text-classification' } & SequenceClassifier);

/** Creates the entry's pipeline (its task must be runnable: the engine checks before). */
export async function createPipeline(entry: ModelEntry, options: PretrainedModelOptions): Promise<LoadedPipeline> {
	if (entry.task === 'text-generation') {
		const pipe = (await pipeline('text-generation', entry.id, options)) as TextGenerationPipeline;
		return { task: entry.task, pipe, generator: new ChatGenerator(pipe) };
	}
	if (entry.task === 'text-classification') return { task: entry.task, ...(await loadSequenceClassifier(entry.id, options)) };
	if (entry.task === 'token-classification') {
		return { task: entry.task, pipe: (await pipeline('token-classification', entry.id, options)) as TokenClassificationPipeline };
	}
	return { task: 'feature-extraction', pipe: (await pipeline('feature-extraction', entry.id, options)) as FeatureExtractionPipeline };
}

/** Warm-up compiles kernels (WebGPU shaders) and lets V8 optimise ORT's WASM before the first real run. */
export async function warmUpPipeline(loaded: LoadedPipeline): Promise<LoadedModel['warmup']> {
	if (loaded.task === 'text-generation') return (await loaded.generator.warmUp()) ?? undefined;
	if (loaded.task === 'token-classification') await loaded.pipe(['Hello']);
	else if (loaded.task === 'text-classification') await classifySequences(loaded, ['Hello']);
	else await loaded.pipe(['Hello'], { pooling: 'mean', normalize: true });
	return undefined;
}

/** Runs a protocol task on a loaded pipeline; a task the pipeline cannot run is bad input. */
export async function runTask(loaded: LoadedPipeline & { model: LoadedModel }, input: TaskInput): Promise<TaskOutput> {
	if (input.kind === 'token-classification' && loaded.task === 'token-classification') {
		return { kind: input.kind, results: await classifyTokens(loaded.pipe, input.texts) };
	}
	if (input.kind === 'sequence-classification' && loaded.task === 'text-classification') {
		return { kind: input.kind, results: await classifySequences(loaded, input.texts) };
	}
	if (input.kind === 'embed' && loaded.task === 'feature-extraction') {
		const tensor = await loaded.pipe(input.texts, { pooling: 'mean', normalize: true });
		return { kind: input.kind, vectors: tensor.tolist() as number[][] };
	}
	if (input.kind === 'loglik' && loaded.task === 'text-generation') {
		return { kind: input.kind, scores: await scoreContinuations(loaded.pipe, input.messages, input.continuations) };
	}
	if (input.kind === 'generate' && loaded.task === 'text-generation') {
		// Evaluation wants one deterministic reply: greedy, the same loop and context fit as the chat.
		const options = {
			maxNewTokens: input.maxNewTokens,
			temperature: 0,
			...(input.stop ? { stop: input.stop } : {}),
			...(input.repetitionPenalty !== undefined ? { repetitionPenalty: input.repetitionPenalty } : {}),
			...(input.copyFrom ? { copyFrom: input.copyFrom } : {})
		};
		const reply = await loaded.generator.generate(input.messages, options, {
			onToken: () => {},
			onText: () => {},
			isStopRequested: () => false
		});
		return { kind: input.kind, text: reply.text };
	}
	throw new InferenceError('bad_input', `${loaded.model.modelId} is a ${loaded.task} model; it cannot run a ${input.kind} task.`);
}
