/**
 * Embedding-model runners, the lightweight side of the comparison:
 * - multiple choice: the option whose embedding is closest (cosine) to the question's;
 * - PubMedQA yes/no/maybe: logistic regression on embeddings of question + abstract, trained here (TypeScript)
 *   on the set's train split (capped for speed);
 * - open answers (MedQuAD): the answer of the train question closest to the asked one (retrieval), scored by
 *   ROUGE-L and by the cosine between the answer's and the reference's embeddings.
 */
import { cosineSimilarity } from '../../clinical/vectors';
import { predictLabel, trainLogisticRegression, type LogisticRegressionModel } from '../classifier';
import { truncateAtWord } from '../prompts';
import { YES_NO_ANSWERS, type EvalItem, type McqItem, type OpenQaItem, type YesNoItem } from '../schema';
import type { InferClient } from '../../inference/capabilities';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

/** Texts per embed call: bounded by the protocol's limit and by memory for long abstracts. */
const EMBED_BATCH = 32;
/** PubMedQA train items used for the classifier (the whole split has 500). */
export const CLASSIFIER_TRAIN_CAP = 500;
/** MedQuAD train questions in the retrieval index (of 10,533), the first ones in file order. */
export const RETRIEVAL_INDEX_CAP = 3000;
/** Characters of abstract embedded with the question: med-embed reads at most 512 pieces. */
const CLASSIFIER_CONTEXT_CHARS = 1200;

export async function embedAll(client: InferClient, modelId: string, texts: readonly string[], signal?: AbortSignal): Promise<number[][]> {
	const vectors: number[][] = [];
	for (let start = 0; start < texts.length; start += EMBED_BATCH) {
		signal?.throwIfAborted();
		const { output } = await client.infer(modelId, { kind: 'embed', texts: texts.slice(start, start + EMBED_BATCH) });
		vectors.push(...outputOf(output, 'embed').vectors);
	}
	return vectors;
}

/** Index of the largest value; the first on a tie, -1 when empty. */
export function argmax(values: readonly number[]): number {
	let best = -1;
	values.forEach((value, i) => {
		if (best < 0 || value > values[best]!) best = i;
	});
	return best;
}

export const embedOptionSimilarity: RunnerFactory = {
	method: 'embed-option-similarity',
	role: 'embed',
	tasks: ['mcq'],
	description: 'the option whose embedding is most similar (cosine) to the question',
	create({ client, modelId }: RunnerContext) {
		return {
			method: 'embed-option-similarity',
			batchSize: 4,
			async predict(items): Promise<ItemOutcome[]> {
				const questions = items as readonly McqItem[];
				const letters = questions.map((item) => Object.keys(item.options).sort());
				const texts = questions.flatMap((item, i) => [item.question, ...letters[i]!.map((letter) => item.options[letter] ?? '')]);
				const vectors = await embedAll(client, modelId, texts);
				let at = 0;
				return questions.map((_, i) => {
					const question = vectors[at++]!;
					const similarities = letters[i]!.map(() => cosineSimilarity(question, vectors[at++]!));
					return { prediction: letters[i]![argmax(similarities)] ?? null };
				});
			}
		};
	}
};

function classifierText(item: YesNoItem): string {
	return `${item.question.trim()}\n${truncateAtWord(item.context.trim(), CLASSIFIER_CONTEXT_CHARS)}`;
}

export const embedLogReg: RunnerFactory = {
	method: 'embed-logreg',
	role: 'embed',
	tasks: ['yesno'],
	description: `logistic regression on embeddings of question + abstract, trained in the browser on pubmedqa/train (first ${CLASSIFIER_TRAIN_CAP} items)`,
	create({ client, modelId, seed, loadTrain, signal }: RunnerContext) {
		let model: LogisticRegressionModel | null = null;
		return {
			method: 'embed-logreg',
			batchSize: 8,
			async prepare() {
				if (!loadTrain) throw new Error("the yes/no classifier needs the set's train split (npm run data installs pubmedqa/train.jsonl)");
				const train = ((await loadTrain()).filter((item) => item.task === 'yesno') as YesNoItem[]).slice(0, CLASSIFIER_TRAIN_CAP);
				if (train.length === 0) throw new Error('no yes/no training items');
				const vectors = await embedAll(client, modelId, train.map(classifierText), signal);
				model = trainLogisticRegression(
					vectors,
					train.map((item) => item.answer),
					{ labels: [...YES_NO_ANSWERS], seed, epochs: 60, l2: 1e-2, learningRate: 0.05 }
				).model;
				return `trained on ${train.length} train items`;
			},
			async predict(items): Promise<ItemOutcome[]> {
				if (!model) throw new Error('prepare() trains the classifier first');
				const trained = model;
				const vectors = await embedAll(client, modelId, (items as readonly YesNoItem[]).map(classifierText));
				return vectors.map((vector) => ({ prediction: predictLabel(trained, vector) }));
			}
		};
	}
};

export const embedRetrieval: RunnerFactory = {
	method: 'embed-retrieval',
	role: 'embed',
	tasks: ['openqa'],
	description: `answer of the most similar train question (first ${RETRIEVAL_INDEX_CAP} of medquad/train); ROUGE-L and answer-embedding cosine to the reference`,
	create({ client, modelId, loadTrain, signal }: RunnerContext) {
		let index: { vectors: number[][]; answers: string[] } | null = null;
		return {
			method: 'embed-retrieval',
			batchSize: 8,
			async prepare() {
				if (!loadTrain) throw new Error("retrieval needs the set's train split (npm run data installs medquad/train.jsonl)");
				const train = ((await loadTrain()).filter((item) => item.task === 'openqa') as OpenQaItem[]).slice(0, RETRIEVAL_INDEX_CAP);
				const vectors = await embedAll(
					client,
					modelId,
					train.map((item) => item.question),
					signal
				);
				index = { vectors, answers: train.map((item) => item.answer) };
				return `index of ${train.length} train questions`;
			},
			async predict(items: readonly EvalItem[]): Promise<ItemOutcome[]> {
				if (!index) throw new Error('prepare() builds the retrieval index first');
				const { vectors, answers } = index;
				const questions = items as readonly OpenQaItem[];
				const asked = await embedAll(
					client,
					modelId,
					questions.map((item) => item.question)
				);
				const picked = asked.map((vector) => answers[argmax(vectors.map((candidate) => cosineSimilarity(vector, candidate)))] ?? '');
				const pairs = await embedAll(
					client,
					modelId,
					questions.flatMap((item, i) => [picked[i]!, item.answer])
				);
				return questions.map((_, i) => ({
					prediction: picked[i]!,
					extra: { answer_similarity: cosineSimilarity(pairs[2 * i]!, pairs[2 * i + 1]!) }
				}));
			}
		};
	}
};
