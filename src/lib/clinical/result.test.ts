import { describe, expect, it } from 'vitest';
import { GROUNDING_THRESHOLDS, groundAnswer } from './grounding';
import {
	compareResultFileName,
	countGroundingFlags,
	createCompareResult,
	serializeCompareResult,
	type CompareResult,
	type ModelRun
} from './result';
import { splitSentences } from './sentences';

const note = 'Warfarin 5 mg daily for atrial fibrillation.';
const answer = 'Continue warfarin. Add phenytoin.';

function sampleResult(): CompareResult {
	const result = createCompareResult(
		{
			note,
			question: 'Plan?',
			exampleId: null,
			labels: [{ label: 'urgent', description: 'within hours' }]
		},
		new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6))
	);
	const llm: ModelRun = {
		modelId: 'bedside/med-lm',
		kind: 'bedside-own',
		task: 'generate',
		device: 'wasm',
		dtype: 'q8',
		loadMs: 812.5,
		runMs: 2400,
		memoryBytes: null,
		timings: { ttftMs: 120, tokensPerSecond: 31.5 },
		output: { task: 'generate', text: answer, tokens: 9, isInterrupted: false },
		error: null
	};
	const ner: ModelRun = {
		...llm,
		modelId: 'bedside/ner-bc5cdr',
		task: 'ner',
		timings: { perSentenceMs: 4.2 },
		output: {
			task: 'ner',
			entities: [{ type: 'Chemical', text: 'Warfarin', start: 0, end: 8, score: 0.97, tokenCount: 2 }]
		}
	};
	const hubQa: ModelRun = {
		...llm,
		modelId: 'Xenova/distilbert-base-cased-distilled-squad',
		kind: 'hub',
		task: 'qa',
		output: null,
		error: { code: 'model_file_missing', message: 'Download the model first.' }
	};
	result.runs.push(llm, ner, hubQa);
	result.grounding = {
		embedModelId: 'bedside/med-embed',
		nerModelId: 'bedside/ner-bc5cdr',
		thresholds: { ...GROUNDING_THRESHOLDS },
		flags: groundAnswer({
			answerSentences: splitSentences(answer),
			noteSentences: splitSentences(note),
			similarity: [[0.9], [0.2]],
			answerEntities: [],
			noteEntities: [],
			noteText: note
		})
	};
	return result;
}

describe('CompareResult JSON', () => {
	it('round-trips through JSON', () => {
		const result = sampleResult();
		expect(JSON.parse(serializeCompareResult(result))).toEqual(result);
	});

	it('stamps schema, version and time', () => {
		const result = sampleResult();
		expect(result.schema).toBe('bedside.compare-result');
		expect(result.version).toBe(1);
		expect(result.createdAt).toBe('2030-01-02T03:04:05.006Z');
		expect(compareResultFileName(result)).toBe('bedside-compare-2030-01-02T03-04-05-006Z.json');
	});

	it('counts grounding flags', () => {
		expect(countGroundingFlags(sampleResult().grounding?.flags ?? [])).toEqual({
			supported: 1,
			unsupported: 1
		});
	});
});
