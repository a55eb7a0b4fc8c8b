/** NER on a token-classification pipeline: raw per-token predictions; spans are built by ner/entities.ts (page side). */
import type { TokenClassificationPipeline } from '@huggingface/transformers';
import type { TokenPrediction } from '../protocol';

/** Token predictions (aggregation 'none') per text; empty texts get no tokens. */
export async function classifyTokens(pipe: TokenClassificationPipeline, texts: string[]): Promise<TokenPrediction[][]> {
	const results: TokenPrediction[][] = texts.map(() => []);
	const indices = texts.flatMap((text, i) => (text.trim() === '' ? [] : [i]));
	if (indices.length === 0) return results;
	const output = (await pipe(indices.map((i) => texts[i] ?? ''))) as unknown as TokenPrediction[][];
	indices.forEach((textIndex, k) => {
		results[textIndex] = (output[k] ?? []).map(({ entity, score, index, word }) => ({ entity, score, index, word }));
	});
	return results;
}
