/**
 * LLM on multiple choice and yes/no: each candidate (" A", " yes", ...) is scored by the model's log-likelihood
 * after the fixed prompt of prompts.ts, as the assistant's reply; the highest-scoring candidate is the answer.
 * Deterministic and free of text parsing. Ties go to the first candidate in prompt order.
 */
import { buildMcqPrompt, buildYesNoPrompt, type ScoringPrompt } from '../prompts';
import type { EvalItem } from '../schema';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

export function scoringPromptFor(item: EvalItem): ScoringPrompt {
	if (item.task === 'mcq') return buildMcqPrompt(item);
	if (item.task === 'yesno') return buildYesNoPrompt(item);
	throw new TypeError(`log-likelihood scoring has no prompt for ${item.task} items`);
}

/** The best label by summed log-probability; NaN scores never win. */
export function bestCandidate(labels: readonly string[], logprobs: readonly number[]): string | null {
	let best: string | null = null;
	let bestScore = -Infinity;
	labels.forEach((label, i) => {
		const score = logprobs[i] ?? Number.NaN;
		if (score > bestScore) {
			best = label;
			bestScore = score;
		}
	});
	return best;
}

export const llmLoglik: RunnerFactory = {
	method: 'llm-loglik',
	role: 'llm',
	tasks: ['mcq', 'yesno'],
	description: 'log-likelihood of each answer letter / yes|no|maybe after a fixed prompt (no sampling, no parsing)',
	create({ client, modelId }: RunnerContext) {
		return {
			method: 'llm-loglik',
			batchSize: 1,
			async predict(items): Promise<ItemOutcome[]> {
				const outcomes: ItemOutcome[] = [];
				for (const item of items) {
					const { prompt, candidates } = scoringPromptFor(item);
					const { output } = await client.infer(modelId, {
						kind: 'loglik',
						messages: [{ role: 'user', content: prompt }],
						continuations: candidates.map((candidate) => candidate.continuation)
					});
					const scores = outputOf(output, 'loglik').scores.map((score) => score.logprob);
					outcomes.push({
						prediction: bestCandidate(
							candidates.map((candidate) => candidate.label),
							scores
						)
					});
				}
				return outcomes;
			}
		};
	}
};
