/**
 * Evaluation metrics, pure functions over gold and predicted values. Conventions follow scikit-learn and
 * seqeval so numbers compare with published ones: an undefined ratio (0/0) counts as 0, a null prediction is
 * simply wrong. Empty inputs give NaN for means, where 0 would claim a score nobody earned.
 */

/** Names under which results, baselines and exports report each metric. */
export type MetricName =
	| 'accuracy'
	| 'macro_f1'
	| 'micro_f1'
	| 'entity_precision'
	| 'entity_recall'
	| 'entity_f1'
	| 'rouge_l'
	/** Mean cosine similarity of answer and reference embeddings (open answers). */
	| 'answer_similarity'
	/** Share of generated answers outside the prompt's answer format (strictly parsed LLM runs). */
	| 'unparsed_share'
	/** Library answers: share of answer sentences the retrieved passages support, and whether the answer cites. */
	| 'supported_share'
	| 'cites_passages'
	/** F1 of one class, e.g. f1_mechanism (DDI per-class figures). */
	| `f1_${string}`;

/** Fraction of items whose prediction equals the gold value. */
export function accuracy<T>(gold: readonly T[], predicted: readonly (T | null)[]): number {
	assertSameLength(gold, predicted, 'accuracy');
	if (gold.length === 0) return Number.NaN;
	let correct = 0;
	gold.forEach((label, index) => {
		if (predicted[index] === label) correct += 1;
	});
	return correct / gold.length;
}

export function mean(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export interface PrecisionRecallF1 {
	precision: number;
	recall: number;
	f1: number;
}

/** True positives, predicted count and gold count: enough to compute P/R/F1 and to sum across items. */
export interface MatchCounts {
	truePositives: number;
	predicted: number;
	gold: number;
}

export function prfFromCounts({ truePositives, predicted, gold }: MatchCounts): PrecisionRecallF1 {
	const precision = safeDivide(truePositives, predicted);
	const recall = safeDivide(truePositives, gold);
	// 2TP / (predicted + gold) equals 2PR / (P + R) and avoids rounding in the two divisions.
	return { precision, recall, f1: safeDivide(2 * truePositives, predicted + gold) };
}

export function sumCounts(counts: readonly MatchCounts[]): MatchCounts {
	const total = { truePositives: 0, predicted: 0, gold: 0 };
	for (const count of counts) {
		total.truePositives += count.truePositives;
		total.predicted += count.predicted;
		total.gold += count.gold;
	}
	return total;
}

/**
 * Unweighted mean of per-label F1 over `labels` (scikit-learn `f1_score(average='macro', labels=...)`).
 * A label never in gold nor predicted scores 0; predictions outside `labels` only cost recall.
 */
export function macroF1(gold: readonly string[], predicted: readonly (string | null)[], labels: readonly string[]): number {
	assertSameLength(gold, predicted, 'macroF1');
	return multilabelMacroF1(
		gold.map((label) => [label]),
		predicted.map((label) => (label === null ? [] : [label])),
		labels
	);
}

/** Macro-F1 when each item carries a set of labels (HoC): per label, a binary F1 over items. */
export function multilabelMacroF1(
	gold: readonly (readonly string[])[],
	predicted: readonly (readonly string[])[],
	labels: readonly string[]
): number {
	if (labels.length === 0) throw new RangeError('macro-F1 needs at least one label');
	const perLabel = perLabelCounts(gold, predicted, labels);
	return mean(labels.map((label) => prfFromCounts(perLabel.get(label)!).f1));
}

/** Micro-F1 when each item carries a set of labels: true positives, predictions and gold summed over labels. */
export function multilabelMicroF1(
	gold: readonly (readonly string[])[],
	predicted: readonly (readonly string[])[],
	labels: readonly string[]
): number {
	return prfFromCounts(sumCounts([...perLabelCounts(gold, predicted, labels).values()])).f1;
}

/**
 * Relation micro-F1 as DDI 2013 scores it: a pair counts as predicted when its label is not the negative one (any
 * positive class, even one absent from gold), as gold when its gold label is positive, and as a true positive when
 * the two labels are equal and positive. No answer (null) predicts nothing.
 */
export function relationCounts(gold: readonly string[], predicted: readonly (string | null)[], negative: string): MatchCounts {
	assertSameLength(gold, predicted, 'relationCounts');
	const counts = { truePositives: 0, predicted: 0, gold: 0 };
	gold.forEach((label, index) => {
		const guess = predicted[index] ?? null;
		const isPredicted = guess !== null && guess !== negative;
		if (isPredicted) counts.predicted += 1;
		if (label !== negative) counts.gold += 1;
		if (isPredicted && guess === label) counts.truePositives += 1;
	});
	return counts;
}

/** F1 of one class in a single-label task (one-vs-rest). */
export function classF1(gold: readonly string[], predicted: readonly (string | null)[], label: string): number {
	return microF1(gold, predicted, [label]);
}

/** Micro-F1 over a subset of labels, e.g. DDI's four positive classes with `none` left out. */
export function microF1(gold: readonly string[], predicted: readonly (string | null)[], labels: readonly string[]): number {
	assertSameLength(gold, predicted, 'microF1');
	const perLabel = perLabelCounts(
		gold.map((label) => [label]),
		predicted.map((label) => (label === null ? [] : [label])),
		labels
	);
	return prfFromCounts(sumCounts([...perLabel.values()])).f1;
}

function perLabelCounts(
	gold: readonly (readonly string[])[],
	predicted: readonly (readonly string[])[],
	labels: readonly string[]
): Map<string, MatchCounts> {
	assertSameLength(gold, predicted, 'per-label counts');
	const counts = new Map(labels.map((label) => [label, { truePositives: 0, predicted: 0, gold: 0 }]));
	gold.forEach((goldLabels, index) => {
		const goldSet = new Set(goldLabels);
		const predictedSet = new Set(predicted[index]);
		for (const [label, count] of counts) {
			const inGold = goldSet.has(label);
			const inPredicted = predictedSet.has(label);
			if (inGold) count.gold += 1;
			if (inPredicted) count.predicted += 1;
			if (inGold && inPredicted) count.truePositives += 1;
		}
	});
	return counts;
}

/** A labelled span of tokens, [start, end). */
export interface Entity {
	type: string;
	start: number;
	end: number;
}

/**
 * Entities in a BIO tag sequence, decoded like seqeval's default (conlleval) mode: an entity starts on B- or on
 * an I- that does not continue an entity of the same type (a stray I- is not dropped), and ends on O, on B- or
 * on a change of type.
 */
export function extractEntities(tags: readonly string[]): Entity[] {
	const entities: Entity[] = [];
	let current = null as Entity | null;
	for (let index = 0; index < tags.length; index++) {
		const { prefix, type } = splitTag(tags[index]!);
		if (prefix === 'I' && current?.type === type) continue;
		if (current) entities.push({ ...current, end: index });
		current = prefix === 'O' ? null : { type, start: index, end: index + 1 };
	}
	if (current) entities.push({ ...current, end: tags.length });
	return entities;
}

/** Strict match counts for one sentence: an entity counts only with the same type, start and end. */
export function entityCounts(goldTags: readonly string[], predictedTags: readonly string[]): MatchCounts {
	assertSameLength(goldTags, predictedTags, 'entityCounts');
	const goldEntities = extractEntities(goldTags);
	const predictedEntities = extractEntities(predictedTags);
	const goldKeys = new Set(goldEntities.map(entityKey));
	const truePositives = predictedEntities.filter((entity) => goldKeys.has(entityKey(entity))).length;
	return { truePositives, predicted: predictedEntities.length, gold: goldEntities.length };
}

/** Entity-level micro precision/recall/F1 over sentences (seqeval `classification_report` micro avg). */
export function entityPrf(
	goldSequences: readonly (readonly string[])[],
	predictedSequences: readonly (readonly string[])[]
): PrecisionRecallF1 {
	assertSameLength(goldSequences, predictedSequences, 'entityPrf');
	return prfFromCounts(sumCounts(goldSequences.map((gold, index) => entityCounts(gold, predictedSequences[index] ?? []))));
}

/** Lowercase word tokens: runs of letters and digits, other characters split (as rouge-score, Unicode-aware). */
export function wordTokens(text: string): string[] {
	return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** ROUGE-L F1 (longest common subsequence of word tokens, beta = 1); 0 when either side has no words. */
export function rougeLF1(prediction: string, reference: string): number {
	const predictedWords = wordTokens(prediction);
	const referenceWords = wordTokens(reference);
	const lcs = longestCommonSubsequence(predictedWords, referenceWords);
	return prfFromCounts({ truePositives: lcs, predicted: predictedWords.length, gold: referenceWords.length }).f1;
}

/** LCS length with two rolling rows: O(n*m) time, O(m) memory. */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
	let previous = new Uint32Array(b.length + 1);
	let current = new Uint32Array(b.length + 1);
	for (const word of a) {
		for (let j = 1; j <= b.length; j++) {
			current[j] = word === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
		}
		[previous, current] = [current, previous];
	}
	return previous[b.length]!;
}

function splitTag(tag: string): { prefix: 'B' | 'I' | 'O'; type: string } {
	if (tag === 'O' || tag.length === 0) return { prefix: 'O', type: '' };
	const prefix = tag[0] === 'B' ? 'B' : tag[0] === 'I' ? 'I' : 'O';
	// seqeval reads a bare "B" or "I" as type "_".
	return { prefix, type: tag.slice(2) || '_' };
}

function entityKey(entity: Entity): string {
	return `${entity.type}\u0000${entity.start}\u0000${entity.end}`;
}

function safeDivide(numerator: number, denominator: number): number {
	return denominator === 0 ? 0 : numerator / denominator;
}

function assertSameLength(a: readonly unknown[], b: readonly unknown[], what: string): void {
	if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} gold values but ${b.length} predictions`);
}
