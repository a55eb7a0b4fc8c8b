/**
 * NER model on pre-tokenized sets: the dataset tokens are joined with spaces, the token classifier labels the
 * word pieces, and each dataset token takes the label of its first word piece (as the model was trained).
 * The pipeline drops 'O' pieces, so pieces are matched back to words by the BERT pre-tokenizer's word
 * boundaries in order; a token whose first piece was not returned is 'O'. Types the set does not annotate
 * (Chemical on a Disease set) become 'O', and the tags are repaired to valid BIO (a stray I- starts an entity).
 */
import { parseTag } from '../../ner/entities';
import { tagsFromPieces, tagsFromPiecesExact } from '../../ner/wordTags';
import type { EvalItem, NerItem } from '../schema';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

/** Entity types annotated in a set (from its gold tags). */
export function entityTypesOf(items: readonly EvalItem[]): Set<string> {
	const types = new Set<string>();
	for (const item of items) if (item.task === 'ner') for (const tag of item.tags) if (tag !== 'O') types.add(parseTag(tag).type);
	return types;
}

interface WordPieceTokenizerJson {
	model?: { type?: string; vocab?: Record<string, number> };
}

export const nerTagger: RunnerFactory = {
	method: 'ner-tagger',
	role: 'ner',
	tasks: ['ner'],
	description: "token classifier; each dataset token takes its first word piece's label (types the set does not annotate become O)",
	create({ client, modelId, setItems, loadModelFile }: RunnerContext) {
		const types = entityTypesOf(setItems);
		const only = types.size > 0 ? types : undefined;
		let vocab: Set<string> | null = null;
		return {
			method: 'ner-tagger',
			batchSize: 8,
			async prepare() {
				const tokenizer = loadModelFile
					? ((await loadModelFile('tokenizer.json').catch(() => null)) as WordPieceTokenizerJson | null)
					: null;
				if (tokenizer?.model?.type === 'WordPiece' && tokenizer.model.vocab) {
					vocab = new Set(Object.keys(tokenizer.model.vocab));
					return 'exact first-piece alignment (WordPiece vocabulary)';
				}
				return 'approximate alignment by spelling (no WordPiece vocabulary)';
			},
			async predict(items): Promise<ItemOutcome[]> {
				const sentences = items as readonly NerItem[];
				const { output } = await client.infer(modelId, {
					kind: 'token-classification',
					texts: sentences.map((item) => item.tokens.join(' '))
				});
				const results = outputOf(output, 'token-classification').results;
				return sentences.map((item, i) => ({
					prediction: vocab
						? tagsFromPiecesExact(item.tokens, results[i] ?? [], vocab, only)
						: tagsFromPieces(item.tokens, results[i] ?? [], only)
				}));
			}
		};
	}
};
