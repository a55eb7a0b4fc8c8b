// The same model, prompts and decode loop run natively: Bedside's ChatGenerator (src/lib/inference/generation)
// on Transformers.js in Node with onnxruntime-node (CPU), timed the way the worker's handler times the browser
// (TTFT from the call, decode rate after token 1). Same code on both sides, so the ratio measures the runtime.
import { env, pipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { decodeRate, summariseRuns } from './report.mjs';

let chatGeneratorModule = null;
async function ChatGenerator() {
	chatGeneratorModule ??= (await runnerImport(join(REPO_ROOT, 'src/lib/inference/generation/chatGenerator.ts'))).module;
	return chatGeneratorModule.ChatGenerator;
}

export async function runNative({ modelId, threads, tokens, prompts, round }) {
	env.allowRemoteModels = false;
	env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
	const Generator = await ChatGenerator();
	const rssBefore = process.memoryUsage().rss;
	const start = performance.now();
	const pipe = await pipeline('text-generation', modelId, {
		device: 'cpu',
		dtype: 'q8',
		session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 }
	});
	const generator = new Generator(pipe);
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
		side: 'native',
		round,
		backend: `onnxruntime-node CPU ${threads} thread${threads === 1 ? '' : 's'}`,
		device: 'cpu',
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
