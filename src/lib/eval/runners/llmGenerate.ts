/**
 * LLM by generation, for the tasks that have no fixed candidates: open questions (MedQuAD, scored by ROUGE-L
 * against the reference answer) and entity extraction (the LLM is asked to list the set's entity types; each
 * listed phrase found in the sentence becomes a B-/I- span). Greedy decoding, so a run is deterministic. This is
 * how a chat LLM is used for extraction without fine-tuning, which is the comparison the survey makes.
 */
import { PROMPT_VERSION } from '../prompts';
import type { NerItem } from '../schema';
import { entityTypesOf } from './ner';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

/** Answer length for open questions: MedQuAD answers are long, but ROUGE-L saturates well before 64 tokens here. */
export const OPENQA_MAX_NEW_TOKENS = 64;
/** A list of a sentence's entities is short. */
export const EXTRACT_MAX_NEW_TOKENS = 24;

const TYPE_WORDS: Record<string, string> = { Chemical: 'chemicals and drugs', Disease: 'diseases' };

export function buildExtractionPrompt(tokens: readonly string[], types: readonly string[]): string {
	const wanted = types.map((type) => TYPE_WORDS[type] ?? type.toLowerCase()).join(' and ');
	return `List the ${wanted} named in this sentence, separated by commas. Write "none" if there are none.\n\nSentence: ${tokens.join(' ')}`;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** Phrases of a generated list: split on commas, semicolons, new lines and bullets; trimmed, de-duplicated. */
export function parseListedPhrases(text: string): string[] {
	const phrases = text
		.split(/[,;\n]|\s-\s|•/)
		.map((p) =>
			p
				.replace(/^[\s\-*\d.)]+/, '')
				.replace(/[\s.:]+$/, '')
				.trim()
		)
		.filter((p) => p !== '' && !/^none$/i.test(p));
	return [...new Set(phrases)];
}

/**
 * BIO tags for a sentence from listed phrases: every occurrence of a phrase's token sequence (case-insensitive,
 * whole tokens) is tagged with `type`; longer phrases first, and tokens already tagged are not re-tagged.
 */
export function tagsFromPhrases(tokens: readonly string[], phrases: readonly string[], type: string): string[] {
	const tags = tokens.map(() => 'O');
	const lower = tokens.map(fold);
	const sequences = phrases
		.map((phrase) => phrase.split(/\s+/).filter(Boolean).map(fold))
		.filter((seq) => seq.length > 0)
		.sort((a, b) => b.length - a.length);
	for (const seq of sequences) {
		for (let start = 0; start + seq.length <= tokens.length; start++) {
			if (!seq.every((word, k) => lower[start + k] === word && tags[start + k] === 'O')) continue;
			seq.forEach((_, k) => (tags[start + k] = `${k === 0 ? 'B' : 'I'}-${type}`));
		}
	}
	return tags;
}

export const llmGenerate: RunnerFactory = {
	method: 'llm-generate',
	role: 'llm',
	tasks: ['openqa', 'ner'],
	description: `greedy generation: the answer to an open question (${OPENQA_MAX_NEW_TOKENS} new tokens at most), or a comma-separated list of the set's entity types matched back to the sentence (${PROMPT_VERSION})`,
	create({ client, modelId, setItems }: RunnerContext) {
		const types = [...entityTypesOf(setItems)].sort();
		return {
			method: 'llm-generate',
			batchSize: 1,
			async predict(items): Promise<ItemOutcome[]> {
				const outcomes: ItemOutcome[] = [];
				for (const item of items) {
					if (item.task === 'openqa') {
						const { output } = await client.infer(modelId, {
							kind: 'generate',
							messages: [{ role: 'user', content: item.question }],
							maxNewTokens: OPENQA_MAX_NEW_TOKENS
						});
						outcomes.push({ prediction: outputOf(output, 'generate').text.trim() });
					} else if (item.task === 'ner') {
						outcomes.push({ prediction: await extractTags(client, modelId, item, types) });
					} else {
						throw new TypeError(`generation has no prompt for ${item.task} items`);
					}
				}
				return outcomes;
			}
		};
	}
};

/** One request per set with one entity type; a set with several types gets the listed phrases as the first type. */
async function extractTags(client: RunnerContext['client'], modelId: string, item: NerItem, types: readonly string[]): Promise<string[]> {
	const type = types[0] ?? 'Entity';
	const { output } = await client.infer(modelId, {
		kind: 'generate',
		messages: [{ role: 'user', content: buildExtractionPrompt(item.tokens, types.length > 0 ? types : [type]) }],
		maxNewTokens: EXTRACT_MAX_NEW_TOKENS
	});
	return tagsFromPhrases(item.tokens, parseListedPhrases(outputOf(output, 'generate').text), type);
}
