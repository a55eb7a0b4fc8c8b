// The sequence-classification path on the bundled specialists, in Node (onnxruntime-node): config read from the
// real config.json, batched logits, thresholds. Runs when the models are in models/bedside/ (or BEDSIDE_MODEL_ROOT).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { classifySequences, loadSequenceClassifier } from './sequenceClassification';

const MODEL_ROOT = process.env.BEDSIDE_MODEL_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../../models');
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = MODEL_ROOT.endsWith('/') ? MODEL_ROOT : `${MODEL_ROOT}/`;

const has = (name: string) => existsSync(join(MODEL_ROOT, 'bedside', name, 'onnx', 'model_quantized.onnx'));

describe.runIf(has('hoc-hallmarks'))('bedside/hoc-hallmarks in Node', () => {
	it(
		'gives every hallmark a probability and predicts those over their thresholds, batched as one by one',
		{ timeout: 60_000 },
		async () => {
			const classifier = await loadSequenceClassifier('bedside/hoc-hallmarks', { dtype: 'q8' });
			expect(classifier.config.isMultiLabel).toBe(true);
			expect(classifier.config.labels).toHaveLength(10);
			const texts = ['Knockdown of survivin induced apoptosis in breast cancer cells .', 'The patients were recruited in 2004 .'];
			const batch = await classifySequences(classifier, texts);
			const single = await classifySequences(classifier, [texts[0]!]);
			expect(batch).toHaveLength(2);
			for (const result of batch) {
				expect(result.scores.map((s) => s.label)).toEqual(classifier.config.labels);
				expect(result.labels).toEqual(result.scores.filter((s, i) => s.score >= classifier.config.thresholds[i]!).map((s) => s.label));
			}
			// Padding the shorter text must not change the longer one's scores.
			batch[0]!.scores.forEach((s, i) => expect(s.score).toBeCloseTo(single[0]!.scores[i]!.score, 4));
			await classifier.pipe.dispose();
		}
	);
});

describe.runIf(has('ddi-relation'))('bedside/ddi-relation in Node', () => {
	it('gives one label per marked pair with softmax scores summing to 1', { timeout: 60_000 }, async () => {
		const classifier = await loadSequenceClassifier('bedside/ddi-relation', { dtype: 'q8' });
		expect(classifier.config.isMultiLabel).toBe(false);
		expect([...classifier.config.labels].sort()).toEqual(['advise', 'effect', 'int', 'mechanism', 'none']);
		const [result] = await classifySequences(classifier, [
			'[E1] Ketoconazole [/E1] increases the plasma concentration of [E2] midazolam [/E2] .'
		]);
		expect(result!.labels).toHaveLength(1);
		expect(result!.scores.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
		const best = [...result!.scores].sort((a, b) => b.score - a.score)[0]!;
		expect(result!.labels[0]).toBe(best.label);
		await classifier.pipe.dispose();
	});
});
