/**
 * MedQuAD answered from the library, in the browser: for each dev question, the chat's LibraryChat retrieves the top
 * passages (library worker, med-embed worker), the LLM answers the `library_answer` prompt greedily, and LibraryChat
 * checks each answer sentence against the passages it cites. The same rows as `npm run eval -- --set
 * medquad_library` (scripts/libraryEval.mjs, native): rouge_l (markers stripped), supported_share, cites_passages.
 * Not in RUNNERS: it is picked by set id (the library set shares MedQuAD's task and items).
 */
import { stripCitations } from '../../library/citations';
import { supportedShare } from '../../library/libraryGrounding';
import { LIBRARY_MAX_NEW_TOKENS, LIBRARY_PROMPT_VERSION, PROMPT_PASSAGES } from '../../library/libraryPrompt';
import { NO_MATCH, type LibraryTurn, type PreparedLibraryAnswer } from '../../library/libraryChat.svelte';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

/** The set id the Evaluate view offers for this runner (MedQuAD dev items, answered from the library). */
export const LIBRARY_SET_ID = 'medquad_library';

/** What the runner needs of LibraryChat. */
export interface LibraryAnswerer {
	readonly failure: string | null;
	prepare(question: string): Promise<PreparedLibraryAnswer | null>;
	attach(turnId: number, turn: LibraryTurn): void;
	check(turnId: number, answer: string): Promise<void>;
	readonly turns: { get(turnId: number): LibraryTurn | undefined; delete(turnId: number): boolean };
}

export function llmLibraryRunner(library: LibraryAnswerer): RunnerFactory {
	return {
		method: 'llm-library',
		role: 'llm',
		tasks: ['openqa'],
		description: `top ${PROMPT_PASSAGES} library passages (BM25 + med-embed) in the prompt (${LIBRARY_PROMPT_VERSION}), greedy, ${LIBRARY_MAX_NEW_TOKENS} new tokens leaning on the passages (copy bias); each sentence checked against the passages it cites`,
		create({ client, modelId }: RunnerContext) {
			let turnId = 0;
			return {
				method: 'llm-library',
				batchSize: 1,
				async predict(items): Promise<ItemOutcome[]> {
					const outcomes: ItemOutcome[] = [];
					for (const item of items) {
						if (item.task !== 'openqa') throw new TypeError(`the library answers open questions, not ${item.task} items`);
						const prepared = await library.prepare(item.question);
						if (!prepared) {
							// A library that cannot be opened fails the job with its reason; a question without passages scores 0.
							if (library.failure !== NO_MATCH) throw new Error(library.failure ?? 'The library could not be searched.');
							outcomes.push({ prediction: '', extra: { supported_share: 0, cites_passages: 0 } });
							continue;
						}
						const { output } = await client.infer(modelId, {
							kind: 'generate',
							messages: prepared.messages,
							copyFrom: prepared.copyFrom,
							maxNewTokens: LIBRARY_MAX_NEW_TOKENS
						});
						const answer = outputOf(output, 'generate').text.trim();
						const id = ++turnId;
						library.attach(id, prepared.turn);
						await library.check(id, answer);
						const flags = library.turns.get(id)?.flags ?? [];
						library.turns.delete(id);
						outcomes.push({
							prediction: stripCitations(answer),
							extra: { supported_share: supportedShare(flags), cites_passages: /\[\d+\]/.test(answer) ? 1 : 0 }
						});
					}
					return outcomes;
				}
			};
		}
	};
}
