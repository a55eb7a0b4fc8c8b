/** Log-likelihood of given continuations under a causal LM (multiple-choice and yes/no evaluation). */
import { Tensor, type TextGenerationPipeline } from '@huggingface/transformers';
import type { ChatMessage } from '../protocol';

/**
 * Sum of log P(continuation tokens | prompt) with the chat template and assistant header as the prompt.
 * The continuation's tokens are those of the joint encoding after the prompt's (so merges across the
 * boundary match what the model would produce); when the prompt's encoding is not a prefix of the joint
 * one, the continuation is encoded on its own.
 */
export async function scoreContinuations(
	generator: TextGenerationPipeline,
	messages: ChatMessage[],
	continuations: string[]
): Promise<{ logprob: number; tokens: number }[]> {
	const { tokenizer, model } = generator;
	const prompt = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
	const promptIds = tokenizer.encode(prompt, { add_special_tokens: false });
	const scores: { logprob: number; tokens: number }[] = [];
	for (const continuation of continuations) {
		let ids = tokenizer.encode(prompt + continuation, { add_special_tokens: false });
		const isPrefix = ids.length > promptIds.length && promptIds.every((id, i) => ids[i] === id);
		if (!isPrefix) ids = [...promptIds, ...tokenizer.encode(continuation, { add_special_tokens: false })];
		const n = ids.length;
		const inputIds = new Tensor(
			'int64',
			BigInt64Array.from(ids, (id) => BigInt(id)),
			[1, n]
		);
		const attentionMask = new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
		const output = (await model({ input_ids: inputIds, attention_mask: attentionMask })) as { logits: Tensor };
		const logits = output.logits.data as Float32Array;
		const vocab = output.logits.dims.at(-1) ?? 0;
		let logprob = 0;
		for (let t = promptIds.length; t < n; t++) {
			logprob += logSoftmaxAt(logits, (t - 1) * vocab, vocab, ids[t] ?? 0);
		}
		scores.push({ logprob, tokens: n - promptIds.length });
	}
	return scores;
}

/** log softmax(row)[target] for the row of `size` logits starting at `offset`. */
export function logSoftmaxAt(logits: ArrayLike<number>, offset: number, size: number, target: number): number {
	let max = -Infinity;
	for (let i = 0; i < size; i++) max = Math.max(max, logits[offset + i] ?? -Infinity);
	let sum = 0;
	for (let i = 0; i < size; i++) sum += Math.exp((logits[offset + i] ?? -Infinity) - max);
	return (logits[offset + target] ?? -Infinity) - max - Math.log(sum);
}
