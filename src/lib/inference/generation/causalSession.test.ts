// CausalSession.resume on the committed bedside/med-lm in Node (onnxruntime-node): a chat's next prompt reuses the
// previous answer's KV cache (cut where the new prompt leaves it) and gives the logits of a full prefill; any other
// prompt starts from an empty cache.
import type { TextGenerationPipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeMedLm } from '../testing/nativeMedLm';
import type { CausalSession } from './causalSession';
import { argmax } from './sampling';

let pipe: TextGenerationPipeline;
let session: CausalSession;

beforeAll(async () => {
	({ pipe, session } = await loadNativeMedLm());
}, 60_000);

type Turn = { role: 'user' | 'assistant'; content: string };
function ids(messages: Turn[]): number[] {
	const text = pipe.tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
	return pipe.tokenizer.encode(text, { add_special_tokens: false });
}

async function fullPrefill(prompt: number[]): Promise<Float32Array> {
	session.reset();
	expect(session.resume(prompt)).toBe(0);
	return session.step(prompt);
}

function maxDiff(a: Float32Array, b: Float32Array): number {
	let max = 0;
	for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
	return max;
}

describe('CausalSession.resume', () => {
	const first: Turn[] = [{ role: 'user', content: 'What are the symptoms of anemia?' }];
	const second: Turn[] = [
		...first,
		{ role: 'assistant', content: 'Fatigue and pale skin.' },
		{ role: 'user', content: 'How is it treated?' }
	];

	it('runs only the new part of a continued conversation, with the logits of a full prefill', { timeout: 60_000 }, async () => {
		const a = ids(first);
		const b = ids(second);
		expect(b.slice(0, a.length)).toEqual(a);
		const full = await fullPrefill(b);
		session.reset();
		session.resume(a);
		await session.step(a);
		// The answer's tokens as sampled, then cut back where the re-templated prompt leaves them.
		await session.step([1, 2, 3]);
		const reused = session.resume(b);
		expect(reused).toBeGreaterThanOrEqual(a.length);
		const resumed = await session.step(b.slice(reused));
		expect(session.length).toBe(b.length);
		expect(argmax(resumed)).toBe(argmax(full));
		// Activations are quantized per call (one scale per tensor): a shorter prefill differs by rounding only.
		expect(maxDiff(resumed, full)).toBeLessThan(0.5);
	});

	it('starts from an empty cache for another prompt or the same prompt again', { timeout: 60_000 }, async () => {
		const a = ids(first);
		await fullPrefill(a);
		expect(session.resume(ids([{ role: 'user', content: 'What is gout?' }]))).toBe(0);
		expect(session.length).toBe(0);
		await fullPrefill(a);
		expect(session.resume(a)).toBe(0);
	});
});
