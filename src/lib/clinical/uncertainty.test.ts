import { describe, expect, it } from 'vitest';
import type { LabelScore } from './retrieval';
import calibration from './uncertaintyThresholds.json';
import { clinicalScore, describeLabelUncertainty, judgeAnswer, judgeLabels, labelEvidence, UNCERTAINTY_THRESHOLDS } from './uncertainty';

// Powers of two, so the boundary test compares exact differences.
const t = { minClinicalScore: 0.125, minMargin: 0.0625, minAnswerScore: 0.375 };
const scores = (...cosines: number[]): LabelScore[] => cosines.map((cosine, i) => ({ label: `l${i}`, score: 1 / cosines.length, cosine }));

describe('labelEvidence', () => {
	it('takes the best cosine and its lead over the runner-up, whatever the order', () => {
		const e = labelEvidence(scores(0.2, 0.5, 0.35));
		expect(e.topCosine).toBeCloseTo(0.5);
		expect(e.margin).toBeCloseTo(0.15);
	});
	it('is zero with no labels, and has no margin with one', () => {
		expect(labelEvidence([])).toEqual({ topCosine: 0, margin: 0 });
		expect(labelEvidence(scores(0.6))).toEqual({ topCosine: 0.6, margin: 0 });
	});
});

describe('clinicalScore', () => {
	const centroids = { clinical: [1, 0, 0], nonClinical: [0, 1, 0] };
	it('is the cosine to the clinical centroid minus the cosine to the non-clinical one', () => {
		expect(clinicalScore([1, 0, 0], centroids)).toBeCloseTo(1);
		expect(clinicalScore([0, 2, 0], centroids)).toBeCloseTo(-1);
		expect(clinicalScore([1, 1, 0], centroids)).toBeCloseTo(0);
	});
	it('is unknown for a vector of another model (another size) or none', () => {
		expect(clinicalScore([1, 0], centroids)).toBeNull();
		expect(clinicalScore([], centroids)).toBeNull();
	});
});

describe('judgeLabels', () => {
	it('gives the best label for a clinical note whose best label clearly leads', () => {
		expect(judgeLabels(scores(0.11, 0.2, 0.05), 0.3, t)).toMatchObject({ state: 'confident', label: 'l1', clinicalScore: 0.3 });
	});
	it('is uncertain for a note that does not read like clinical text, however clear the lead (the emoji note)', () => {
		// 3,500 emoji: cosines 0.53 / 0.28 / 0.25 used to show as "urgent 0.99".
		expect(judgeLabels(scores(0.53, 0.28, 0.25), -0.2, t)).toMatchObject({ state: 'uncertain', reasons: ['not-clinical'] });
	});
	it('is uncertain when the two best labels are too close to tell apart', () => {
		expect(judgeLabels(scores(0.09, 0.06, 0.04), 0.3, t)).toMatchObject({ state: 'uncertain', reasons: ['close-call'] });
	});
	it('names both reasons when both apply', () => {
		const v = judgeLabels(scores(0.1, 0.09), 0, t);
		expect(v).toMatchObject({ state: 'uncertain', reasons: ['not-clinical', 'close-call'] });
		expect(describeLabelUncertainty(v.state === 'uncertain' ? v.reasons : [])).toBe(
			'the note does not read like a clinical text, and the best labels score too close to each other to choose'
		);
	});
	it('skips the clinical check when the score is unknown (another embedding model)', () => {
		expect(judgeLabels(scores(0.5, 0.2), null, t)).toMatchObject({ state: 'confident', label: 'l0' });
	});
	it('judges a single label on the clinical check alone', () => {
		expect(judgeLabels(scores(0.6), 0.3, t)).toMatchObject({ state: 'confident', label: 'l0' });
		expect(judgeLabels(scores(0.6), 0, t)).toMatchObject({ state: 'uncertain', reasons: ['not-clinical'] });
	});
	it('is uncertain with no labels', () => {
		expect(judgeLabels([], 0.3, t)).toMatchObject({ state: 'uncertain', reasons: ['no-labels'] });
	});
	it('takes the thresholds at their boundaries as met', () => {
		expect(judgeLabels(scores(0.3125, 0.25), 0.125, t).state).toBe('confident');
	});
});

describe('judgeAnswer', () => {
	it('answers at or above the threshold and says no answer below it', () => {
		expect(judgeAnswer({ score: 0.375 }, t)).toEqual({ state: 'answered', score: 0.375 });
		expect(judgeAnswer({ score: 0.37 }, t)).toEqual({ state: 'no-answer', score: 0.37 });
		expect(judgeAnswer(null, t)).toEqual({ state: 'no-answer', score: null });
	});
});

describe('the learnt thresholds', () => {
	it('come from the calibration file, which says how they were chosen', () => {
		expect(UNCERTAINTY_THRESHOLDS).toEqual({
			minClinicalScore: calibration.labels.minClinicalScore,
			minMargin: calibration.labels.minMargin,
			minAnswerScore: calibration.qa.minScore
		});
		expect(calibration.labels.clinical.rule).toMatch(/non-clinical/);
		expect(calibration.labels.margin.rule).toMatch(/right at least/);
		expect(calibration.qa.rule).toMatch(/absent/);
		expect(calibration.labels.centroids.clinical).toHaveLength(calibration.labels.centroids.nonClinical.length);
		expect(UNCERTAINTY_THRESHOLDS.minMargin).toBeGreaterThan(0);
		expect(UNCERTAINTY_THRESHOLDS.minAnswerScore).toBeGreaterThan(0);
	});
});
