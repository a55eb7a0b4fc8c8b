// The same model, prompts and decode loop run outside the browser: Bedside's ChatGenerator
// (src/lib/inference/generation) on Transformers.js in Node, timed the way the worker's handler times the browser
// (TTFT from the call, decode rate after token 1). `runNative` uses onnxruntime-node (CPU); bench/wasmNode.mjs runs
// `runChat` in a child process whose Transformers.js uses ONNX Runtime Web's WASM instead. Same code on every side,
// so the ratios measure the runtime.
import { env, pipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { decodeRate, summariseRuns } from './report.mjs';

const modules = new Map();
/** One of the app's TypeScript modules, loaded once through Vite (the same source the browser build bundles). */
export async function appModule(path) {
	if (!modules.has(path)) modules.set(path, (await runnerImport(join(REPO_ROOT, path))).module);
	return modules.get(path);
}

export async function runNative({ modelId, threads, tokens, prompts, round }) {
	return runChat({
		side: 'native',
		backend: `onnxruntime-node CPU ${threads} thread${threads === 1 ? '' : 's'}`,
		device: 'cpu',
		pipelineOptions: { device: 'cpu', session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 } },
		modelId,
		threads,
		tokens,
		prompts,
		round
	});
}

/** Loads the model, warms it up as the browser engine does, and replays the prompts as one conversation. */
export async function runChat({ side, backend, device, pipelineOptions, modelId, threads, tokens, prompts, round }) {
	env.allowRemoteModels = false;
	env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
	const { ChatGenerator } = await appModule('src/lib/inference/generation/chatGenerator.ts');
	const rssBefore = process.memoryUsage().rss;
	const start = performance.now();
	const pipe = await pipeline('text-generation', modelId, { dtype: 'q8', ...pipelineOptions });
	const generator = new ChatGenerator(pipe);
	// The same warm-up as the browser engine (decode until the step time settles).
	const warmup = await generator.warmUp();
	const loadMs = performance.now() - start;
	const rssAfterLoad = process.memoryUsage().rss;
	const runs = [];
	// One conversation, as the browser chat keeps it: each prompt sees the earlier turns.
	const messages = [];
	for (const prompt of prompts) {
		messages.push({ role: 'user', content: prompt });
		let count = 0;
		let firstAt = null;
		let lastAt = 0;
		const t0 = performance.now();
		const reply = await generator.generate(
			[...messages],
			{ maxNewTokens: tokens, minNewTokens: tokens, temperature: 0 },
			{
				onToken: () => {
					count += 1;
					lastAt = performance.now();
					firstAt ??= lastAt;
				},
				onText: () => {},
				isStopRequested: () => false
			}
		);
		messages.push({ role: 'assistant', content: reply.text });
		runs.push({
			prompt,
			tokens: count,
			ttftMs: (firstAt ?? lastAt) - t0,
			tokensPerSecond: decodeRate(count, firstAt, lastAt),
			timings: reply.timings
		});
	}
	await pipe.dispose();
	return {
		side,
		round,
		backend,
		device,
		dtype: 'q8',
		threads,
		decodeLoop: generator.usesOwnLoop ? 'own' : 'library',
		loadMs,
		warmup,
		memory: { rssGrowthBytes: rssAfterLoad - rssBefore },
		runs,
		...summariseRuns(runs)
	};
}
