/**
 * When Compare's zero-shot labels and retrieval answer should say they do not know. A softmax over a few label
 * cosines always crowns a label (3,500 emoji came out "urgent 0.99"), and retrieval always returns some sentence,
 * so the raw figures are judged against thresholds learnt on dev data by scripts/calibrateUncertainty.mjs
 * (uncertaintyThresholds.json says on what data, by which rule, and with which dev rates). The thresholds and
 * centroids are bedside/med-embed's; another embedding model would need its own calibration.
 */
import type { LabelScore, RetrievedAnswer } from './retrieval';
import calibration from './uncertaintyThresholds.json';
import { cosineSimilarity } from './vectors';

export interface UncertaintyThresholds {
	/** The note's clinical score (clinicalScore) below this: it does not read like a clinical text at all. */
	minClinicalScore: number;
	/** Best minus second-best label cosine below this: the labels cannot be told apart. */
	minMargin: number;
	/** The best sentence's retrieval score below this: the note holds no answer to the question. */
	minAnswerScore: number;
}

export const UNCERTAINTY_THRESHOLDS: Readonly<UncertaintyThresholds> = Object.freeze({
	minClinicalScore: calibration.labels.minClinicalScore,
	minMargin: calibration.labels.minMargin,
	minAnswerScore: calibration.qa.minScore
});

/** Mean embeddings of clinical and of non-clinical dev texts, for the model the calibration ran on. */
export interface ClinicalCentroids {
	clinical: readonly number[];
	nonClinical: readonly number[];
}

const CENTROIDS: ClinicalCentroids = calibration.labels.centroids;

/**
 * How much more the note resembles clinical text than text with no clinical content: cosine to the clinical
 * centroid minus cosine to the non-clinical one. A cosine floor on the labels cannot do this with med-embed:
 * 3,500 emoji sit closer to every label description (0.53) than real notes do (0.0 to 0.2). Null when the vector
 * comes from another embedding model (another size): the centroids are med-embed's.
 */
export function clinicalScore(noteVector: readonly number[], centroids: ClinicalCentroids = CENTROIDS): number | null {
	if (noteVector.length === 0 || noteVector.length !== centroids.clinical.length) return null;
	return cosineSimilarity(noteVector, centroids.clinical) - cosineSimilarity(noteVector, centroids.nonClinical);
}

export interface LabelEvidence {
	/** Cosine of the best label; 0 with no labels. */
	topCosine: number;
	/** Best minus second-best cosine; 0 with fewer than two labels (nothing to tell apart). */
	margin: number;
}

/** The label figures the decision rests on, from cosines (the softmax scores only rescale them). */
export function labelEvidence(labels: readonly LabelScore[]): LabelEvidence {
	const cosines = labels.map((l) => l.cosine).sort((a, b) => b - a);
	const [top, second] = cosines;
	if (top === undefined) return { topCosine: 0, margin: 0 };
	return { topCosine: top, margin: second === undefined ? 0 : top - second };
}

export type LabelUncertaintyReason = 'not-clinical' | 'close-call' | 'no-labels';

export type LabelVerdict = ({ state: 'confident'; label: string } | { state: 'uncertain'; reasons: LabelUncertaintyReason[] }) &
	LabelEvidence & { clinicalScore: number | null };

/**
 * Confident only when the note reads like clinical text and the best label clearly beats the runner-up.
 * `clinical`: the note's clinicalScore, null when unknown (another embedding model: that check is skipped).
 */
export function judgeLabels(
	labels: readonly LabelScore[],
	clinical: number | null,
	thresholds: UncertaintyThresholds = UNCERTAINTY_THRESHOLDS
): LabelVerdict {
	const evidence = { ...labelEvidence(labels), clinicalScore: clinical };
	const best = [...labels].sort((a, b) => b.cosine - a.cosine)[0];
	const reasons: LabelUncertaintyReason[] = [];
	if (!best) reasons.push('no-labels');
	if (clinical !== null && clinical < thresholds.minClinicalScore) reasons.push('not-clinical');
	// A single label has no runner-up: only the clinical check applies.
	if (labels.length > 1 && evidence.margin < thresholds.minMargin) reasons.push('close-call');
	if (!best || reasons.length > 0) return { state: 'uncertain', reasons, ...evidence };
	return { state: 'confident', label: best.label, ...evidence };
}

export type AnswerVerdict = { state: 'answered'; score: number } | { state: 'no-answer'; score: number | null };

/** An answer only when the best sentence scores at least the learnt threshold. */
export function judgeAnswer(
	qa: Pick<RetrievedAnswer, 'score'> | null,
	thresholds: UncertaintyThresholds = UNCERTAINTY_THRESHOLDS
): AnswerVerdict {
	if (!qa) return { state: 'no-answer', score: null };
	return qa.score >= thresholds.minAnswerScore ? { state: 'answered', score: qa.score } : { state: 'no-answer', score: qa.score };
}

/** Plain words for why the labels are uncertain. */
export function describeLabelUncertainty(reasons: readonly LabelUncertaintyReason[]): string {
	const words: Record<LabelUncertaintyReason, string> = {
		'not-clinical': 'the note does not read like a clinical text',
		'close-call': 'the best labels score too close to each other to choose',
		'no-labels': 'no labels were given'
	};
	return reasons.map((r) => words[r]).join(', and ');
}
