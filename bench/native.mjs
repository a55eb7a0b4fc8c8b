// The same model, prompts and settings run natively: Transformers.js in Node on onnxruntime-node (CPU),
// timed the way the worker's handler times the browser (TTFT from the call, decode rate after token 1).
import { env, pipeline, TextStreamer } from '@huggingface/transformers';
import { join } from 'node:path';
import { REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { decodeRate, median } from './report.mjs';

export async function runNative({ modelId, threads, tokens, prompts }) {
	env.allowRemoteModels = false;
	env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
	const start = performance.now();
	const generator = await pipeline('text-generation', modelId, {
		device: 'cpu',
		dtype: 'q8',
		session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 }
	});
	// Same warm-up as the browser engine: one short generation.
	await generator([{ role: 'user', content: 'Hello' }], { max_new_tokens: 1, do_sample: false });
	const loadMs = performance.now() - start;
	const runs = [];
	for (const prompt of prompts) {
		let count = 0;
		let firstAt = null;
		let lastAt = 0;
		const streamer = new TextStreamer(generator.tokenizer, {
			skip_prompt: true,
			skip_special_tokens: true,
			callback_function: () => {},
			token_callback_function: () => {
				count += 1;
				lastAt = performance.now();
				firstAt ??= lastAt;
			}
		});
		const t0 = performance.now();
		await generator([{ role: 'user', content: prompt }], {
			max_new_tokens: tokens,
			min_new_tokens: tokens,
			do_sample: false,
			streamer
		});
		runs.push({ prompt, tokens: count, ttftMs: (firstAt ?? lastAt) - t0, tokensPerSecond: decodeRate(count, firstAt, lastAt) });
	}
	await generator.dispose();
	return {
		side: 'native',
		backend: `onnxruntime-node CPU ${threads} thread${threads === 1 ? '' : 's'}`,
		device: 'cpu',
		dtype: 'q8',
		threads,
		loadMs,
		wallLoadMs: loadMs,
		runs,
		ttftMs: median(runs.map((r) => r.ttftMs)),
		tokensPerSecond: median(runs.map((r) => r.tokensPerSecond))
	};
}
