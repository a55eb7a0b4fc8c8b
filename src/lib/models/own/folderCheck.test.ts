import { describe, expect, it } from 'vitest';
import { dtypeOfFile } from '../dtypes.js';
import { checkModelFolder, relativeToFolder, type PickedFile } from './folderCheck';

const bertConfig = JSON.stringify({ model_type: 'bert', id2label: { 0: 'O' } });
const complete: PickedFile[] = [
	{ path: 'config.json', bytes: 400 },
	{ path: 'tokenizer.json', bytes: 200_000 },
	{ path: 'tokenizer_config.json', bytes: 250 },
	{ path: 'onnx/model_quantized.onnx', bytes: 3_500_000 }
];

describe('dtypeOfFile (the shared dtype rule)', () => {
	it.each([
		['onnx/model.onnx', 'fp32'],
		['onnx/model_quantized.onnx', 'q8'],
		['onnx/model_q4f16.onnx', 'q4f16'],
		['onnx/model_q4.onnx', 'q4'],
		['onnx/model_fp16.onnx', 'fp16'],
		['onnx/decoder_model_merged_q4.onnx', 'q4'],
		// Transformers.js loads dtype int8 from model_int8.onnx and q8 from model_quantized.onnx: not the same file.
		['onnx/model_int8.onnx', 'int8'],
		['onnx/model_uint8.onnx', 'uint8'],
		['onnx/model_bnb4.onnx', 'bnb4']
	])('%s is %s', (path, dtype) => expect(dtypeOfFile(path)).toBe(dtype));

	it.each(['model.onnx', 'onnx/model.onnx_data', 'onnx/model_q3.onnx', 'onnx/model.onnx.bak', 'onnx/encoder.onnx'])('%s is not a weight file', (path) => {
		expect(dtypeOfFile(path, ['model', 'decoder_model_merged'])).toBeNull();
	});
});

describe('checkModelFolder', () => {
	it('accepts a complete BERT token classifier', () => {
		const report = checkModelFolder(complete, 'token-classification', bertConfig);
		expect(report.problems).toEqual([]);
		expect(report.ok).toBe(true);
		expect(report.weights).toEqual([{ path: 'onnx/model_quantized.onnx', dtype: 'q8', bytes: 3_500_000, externalData: [] }]);
		expect(report.totalBytes).toBe(3_700_650);
	});

	it('lists every missing file', () => {
		const report = checkModelFolder([{ path: 'config.json', bytes: 10 }], 'token-classification', bertConfig);
		expect(report.ok).toBe(false);
		expect(report.problems).toEqual([
			'Missing tokenizer.json.',
			'Missing tokenizer_config.json.',
			expect.stringContaining('Missing an ONNX weight file')
		]);
	});

	it('refuses an architecture the task cannot run', () => {
		const report = checkModelFolder(complete, 'text-generation', bertConfig);
		expect(report.ok).toBe(false);
		expect(report.problems[0]).toMatch(/model_type "bert" is not one Bedside runs for text-generation/);
	});

	it('says when config.json is broken or has no model_type', () => {
		expect(checkModelFolder(complete, 'token-classification', '{oops').problems).toEqual(['config.json is not valid JSON.']);
		expect(checkModelFolder(complete, 'token-classification', '{}').problems).toEqual(['config.json has no "model_type".']);
	});

	it('counts external data with its weight file and flags empty weights', () => {
		const files = [...complete.slice(0, 3), { path: 'onnx/model.onnx', bytes: 1000 }, { path: 'onnx/model.onnx_data', bytes: 9000 }, { path: 'onnx/model_q4.onnx', bytes: 0 }];
		const report = checkModelFolder(files, 'token-classification', bertConfig);
		expect(report.weights.find((w) => w.dtype === 'fp32')).toEqual({ path: 'onnx/model.onnx', dtype: 'fp32', bytes: 10_000, externalData: ['onnx/model.onnx_data'] });
		expect(report.problems).toEqual(['onnx/model_q4.onnx is empty.']);
	});
});

describe('relativeToFolder', () => {
	it('strips the picked folder name from webkitRelativePath paths', () => {
		expect(relativeToFolder(['my-ner/config.json', 'my-ner/onnx/model.onnx'])).toEqual(['config.json', 'onnx/model.onnx']);
	});
	it('leaves paths already relative to the folder', () => {
		expect(relativeToFolder(['config.json', 'onnx/model.onnx'])).toEqual(['config.json', 'onnx/model.onnx']);
	});
});
