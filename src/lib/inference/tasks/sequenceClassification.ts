/**
 * Sequence classification in the worker: the specialists that label a whole sentence (HoC hallmarks,
 * several labels per sentence) or a marked drug pair (DDI interaction type, one label). Kept apart from
 * transformersEngine.ts, which only dispatches here, so the LLM generation path can change on its own.
 *
 * Transformers.js's text-classification pipeline loads the model and tokenizer, but its call returns the top-k
 * labels only and knows no per-label thresholds, so the logits are read here: a multi-label model
 * (`problem_type: "multi_label_classification"`) predicts label i when sigmoid(logit_i) >= the i-th of
 * config.json's `bedside_thresholds` (0.5 when absent); a single-label model predicts the softmax argmax. A model
 * whose config.json has `bedside_blind` (ddi-relation: "drug") was trained with the marked pair's names replaced by
 * that word, so its texts are blinded the same way before tokenization (blindMarked).
 */
import { pipeline, type Tensor, type TextClassificationPipeline } from '@huggingface/transformers';
import { InferenceError } from '../errors';
import type { SequenceClassification } from '../protocol';

/** What config.json says about the classifier's output. */
export interface ClassifierConfig {
	/** In id2label order. */
	labels: string[];
	isMultiLabel: boolean;
	/** One probability threshold per label (multi-label only). */
	thresholds: number[];
	/** The word that replaces each marked entity's text, and the markers ([E1], [/E1], [E2], [/E2]); null: none. */
	blind: { name: string; markers: readonly [string, string, string, string] } | null;
}

/** The fields of config.json this module reads (Transformers.js keeps every key of the file on `config`). */
export interface ClassifierConfigJson {
	id2label?: Record<string, string>;
	problem_type?: string;
	bedside_thresholds?: unknown;
	bedside_blind?: unknown;
	bedside_markers?: unknown;
}

export const DEFAULT_THRESHOLD = 0.5;

/**
 * Reads labels, kind and thresholds from config.json.
 * @throws InferenceError `load_failed` when id2label is missing or has gaps, or the thresholds do not fit it.
 */
export function classifierConfig(modelId: string, config: ClassifierConfigJson): ClassifierConfig {
	const entries = Object.entries(config.id2label ?? {});
	const labels = entries.map((_, i) => config.id2label?.[String(i)]);
	if (labels.length === 0 || labels.some((label) => typeof label !== 'string')) {
		throw new InferenceError('load_failed', `${modelId}'s config.json has no usable id2label (labels 0..n-1).`);
	}
	const isMultiLabel = config.problem_type === 'multi_label_classification';
	const raw = config.bedside_thresholds;
	let thresholds = labels.map(() => DEFAULT_THRESHOLD);
	if (isMultiLabel && raw !== undefined) {
		const isValid = Array.isArray(raw) && raw.length === labels.length && raw.every((t) => typeof t === 'number' && t >= 0 && t <= 1);
		if (!isValid) {
			throw new InferenceError(
				'load_failed',
				`${modelId}'s config.json bedside_thresholds must hold ${labels.length} probabilities (one per label).`
			);
		}
		thresholds = raw as number[];
	}
	return { labels: labels as string[], isMultiLabel, thresholds, blind: blindConfig(modelId, config) };
}

function blindConfig(modelId: string, config: ClassifierConfigJson): ClassifierConfig['blind'] {
	const { bedside_blind: name, bedside_markers: markers } = config;
	if (name === undefined) return null;
	const isValid =
		typeof name === 'string' &&
		name.trim() !== '' &&
		Array.isArray(markers) &&
		markers.length === 4 &&
		markers.every((m) => typeof m === 'string' && m !== '');
	if (!isValid) {
		throw new InferenceError('load_failed', `${modelId}'s config.json bedside_blind needs a word and four bedside_markers.`);
	}
	return { name, markers: markers as unknown as readonly [string, string, string, string] };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The marked text with the text inside "[E1] … [/E1]" and "[E2] … [/E2]" replaced by `name`; a text whose two blocks
 * are not both there, or overlap or nest (a block holds a marker), is returned as it is. The twin of
 * training/ddi_markers.py blind_marked (worked examples in src/lib/clinical/__fixtures__/ddi-markers.json).
 */
export function blindMarked(text: string, markers: readonly [string, string, string, string], name: string): string {
	const [o1, c1, o2, c2] = markers.map(escapeRegExp);
	const block = new RegExp(`(${o1}) ([\\s\\S]*?) ${c1}|(${o2}) ([\\s\\S]*?) ${c2}`, 'g');
	const blocks = [...text.matchAll(block)];
	const first = blocks.filter((b) => b[1] !== undefined).length;
	const inner = (b: RegExpMatchArray) => b[2] ?? b[4] ?? '';
	if (blocks.length !== 2 || first !== 1 || blocks.some((b) => markers.some((m) => inner(b).includes(m)))) return text;
	return text.replace(block, (_whole, open1: string | undefined) =>
		open1 !== undefined ? `${markers[0]} ${name} ${markers[1]}` : `${markers[2]} ${name} ${markers[3]}`
	);
}

function sigmoid(x: number): number {
	return 1 / (1 + Math.exp(-x));
}

/** Probabilities for one row of logits: sigmoid per label, or softmax over the row. */
export function probabilities(logits: ArrayLike<number>, offset: number, size: number, isMultiLabel: boolean): number[] {
	const row = Array.from({ length: size }, (_, i) => Number(logits[offset + i] ?? Number.NaN));
	if (isMultiLabel) return row.map(sigmoid);
	const max = Math.max(...row);
	const exps = row.map((x) => Math.exp(x - max));
	const sum = exps.reduce((a, b) => a + b, 0);
	return exps.map((e) => e / sum);
}

/** The prediction for one text's probabilities (see the module comment); ties go to the first label. */
export function classify(probs: readonly number[], config: ClassifierConfig): SequenceClassification {
	const scores = config.labels.map((label, i) => ({ label, score: probs[i] ?? 0 }));
	if (config.isMultiLabel) {
		return { scores, labels: scores.filter((s, i) => s.score >= (config.thresholds[i] ?? DEFAULT_THRESHOLD)).map((s) => s.label) };
	}
	let best = 0;
	probs.forEach((p, i) => {
		if (p > (probs[best] ?? -Infinity)) best = i;
	});
	return { scores, labels: [config.labels[best] ?? ''] };
}

/** A loaded classifier: the pipeline (for its tokenizer, model and dispose) and its config. */
export interface SequenceClassifier {
	pipe: TextClassificationPipeline;
	config: ClassifierConfig;
}

/**
 * Loads a sequence classifier from the app's /models/ folder.
 * @throws InferenceError `load_failed` for a config without usable labels or thresholds; other load errors pass through.
 */
export async function loadSequenceClassifier(modelId: string, options: Record<string, unknown>): Promise<SequenceClassifier> {
	const pipe = (await pipeline('text-classification', modelId, options)) as TextClassificationPipeline;
	return { pipe, config: classifierConfig(modelId, pipe.model.config as ClassifierConfigJson) };
}

/** Classifies texts in one padded batch (truncated to the model's maximum length). */
export async function classifySequences(classifier: SequenceClassifier, texts: string[]): Promise<SequenceClassification[]> {
	if (texts.length === 0) return [];
	const { pipe, config } = classifier;
	const { blind } = config;
	const inputs = pipe.tokenizer(blind ? texts.map((t) => blindMarked(t, blind.markers, blind.name)) : texts, {
		padding: true,
		truncation: true
	});
	const { logits } = (await pipe.model(inputs)) as { logits: Tensor };
	const size = logits.dims.at(-1) ?? 0;
	if (size !== config.labels.length) {
		throw new InferenceError(
			'run_failed',
			`The model gives ${size} logits per text but its config.json names ${config.labels.length} labels.`
		);
	}
	const data = logits.data as Float32Array;
	return texts.map((_, row) => classify(probabilities(data, row * size, size, config.isMultiLabel), config));
}
