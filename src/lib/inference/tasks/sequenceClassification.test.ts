import { describe, expect, it } from 'vitest';
import examples from '../../clinical/__fixtures__/ddi-markers.json';
import { blindMarked, classifierConfig, classify, probabilities } from './sequenceClassification';

const MARKERS = ['[E1]', '[/E1]', '[E2]', '[/E2]'] as const;

const HOC_LIKE = {
	id2label: { '0': 'a', '1': 'b', '2': 'c' },
	problem_type: 'multi_label_classification',
	bedside_thresholds: [0.5, 0.9, 0.1]
};

describe('classifierConfig', () => {
	it('reads labels in id order, the kind and the thresholds', () => {
		expect(classifierConfig('m', HOC_LIKE)).toEqual({
			labels: ['a', 'b', 'c'],
			isMultiLabel: true,
			thresholds: [0.5, 0.9, 0.1],
			blind: null
		});
		expect(classifierConfig('m', { id2label: { '1': 'effect', '0': 'none' } })).toEqual({
			labels: ['none', 'effect'],
			isMultiLabel: false,
			thresholds: [0.5, 0.5],
			blind: null
		});
	});

	it('defaults a multi-label model without thresholds to 0.5', () => {
		expect(classifierConfig('m', { ...HOC_LIKE, bedside_thresholds: undefined }).thresholds).toEqual([0.5, 0.5, 0.5]);
	});

	it('refuses labels with gaps and thresholds that do not fit, naming the model', () => {
		expect(() => classifierConfig('bedside/x', { id2label: { '0': 'a', '2': 'c' } })).toThrow(/bedside\/x.*id2label/);
		expect(() => classifierConfig('m', {})).toThrow(/id2label/);
		expect(() => classifierConfig('m', { ...HOC_LIKE, bedside_thresholds: [0.5, 0.5] })).toThrow(/3 probabilities/);
		expect(() => classifierConfig('m', { ...HOC_LIKE, bedside_thresholds: [0.5, 2, 0.5] })).toThrow(/bedside_thresholds/);
	});
});

describe('drug blinding (bedside_blind)', () => {
	const DDI_LIKE = { id2label: { '0': 'none', '1': 'effect' }, bedside_markers: [...MARKERS], bedside_blind: 'drug' };

	it('reads the word and the markers, and refuses a word without four markers', () => {
		expect(classifierConfig('m', DDI_LIKE).blind).toEqual({ name: 'drug', markers: MARKERS });
		expect(() => classifierConfig('bedside/x', { ...DDI_LIKE, bedside_markers: ['[E1]'] })).toThrow(/bedside\/x.*bedside_blind/);
		expect(() => classifierConfig('m', { ...DDI_LIKE, bedside_blind: '' })).toThrow(/bedside_blind/);
	});

	it.each(examples.examples.map((e) => [e.marked, e.blinded] as const))('matches training: %s', (marked, blinded) => {
		expect(blindMarked(marked, MARKERS, 'drug')).toBe(blinded);
	});

	it('leaves a text with one block, or two of the same entity, as it is', () => {
		expect(blindMarked('only [E1] aspirin [/E1] here', MARKERS, 'drug')).toBe('only [E1] aspirin [/E1] here');
		expect(blindMarked('[E1] a [/E1] and [E1] b [/E1]', MARKERS, 'drug')).toBe('[E1] a [/E1] and [E1] b [/E1]');
		expect(blindMarked('[E2] beta blockers [/E2] with [E1] verapamil\n [/E1]', MARKERS, 'drug')).toBe(
			'[E2] drug [/E2] with [E1] drug [/E1]'
		);
	});
});

describe('probabilities and classify', () => {
	it('applies a sigmoid per label and each label its own threshold', () => {
		// sigmoid(0) = 0.5, sigmoid(2) = 0.8808, sigmoid(-2) = 0.1192
		const probs = probabilities([9, 9, 0, 2, -2, 9], 2, 3, true);
		expect(probs.map((p) => p.toFixed(4))).toEqual(['0.5000', '0.8808', '0.1192']);
		const result = classify(probs, classifierConfig('m', HOC_LIKE));
		// a: 0.5 >= 0.5 yes; b: 0.88 < 0.9 no; c: 0.12 >= 0.1 yes.
		expect(result.labels).toEqual(['a', 'c']);
		expect(result.scores.map((s) => s.label)).toEqual(['a', 'b', 'c']);
	});

	it('predicts no label when none reaches its threshold', () => {
		expect(classify([0.2, 0.3, 0.05], classifierConfig('m', HOC_LIKE)).labels).toEqual([]);
	});

	it('takes the softmax argmax for a single-label model, ties to the first label', () => {
		// softmax([0, ln 3]) = [0.25, 0.75]
		const probs = probabilities([0, Math.log(3)], 0, 2, false);
		expect(probs[0]).toBeCloseTo(0.25, 10);
		expect(probs[1]).toBeCloseTo(0.75, 10);
		const config = classifierConfig('m', { id2label: { '0': 'none', '1': 'effect' } });
		expect(classify(probs, config).labels).toEqual(['effect']);
		expect(classify([0.5, 0.5], config).labels).toEqual(['none']);
	});
});
