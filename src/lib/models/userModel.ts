/**
 * Checks a local folder a user picked as a model in the Hugging Face / Transformers.js layout, before
 * anything is stored: required files, an architecture known for the chosen task, dtype from the weight
 * file name, total size. Pure, so the rules are unit-tested without a browser.
 */
import type { Dtype, Task } from './catalogue';

export interface PickedFile {
	/** Path relative to the picked folder, `/`-separated, e.g. `onnx/model_quantized.onnx`. */
	path: string;
	bytes: number;
}

export interface WeightFile {
	path: string;
	dtype: Dtype;
	bytes: number;
	/** External-data companions (`model.onnx_data`, `model.onnx_data_1`, ...). */
	externalData: string[];
}

export interface FolderReport {
	ok: boolean;
	/** What is missing or wrong, in words, one per line; empty when ok. */
	problems: string[];
	weights: WeightFile[];
	/** All picked files together, for the storage check. */
	totalBytes: number;
	modelType: string | null;
}

/** Transformers.js `model_type`s Bedside knows how to run per task (what its pipelines accept). */
export const KNOWN_MODEL_TYPES: Readonly<Record<Task, readonly string[]>> = {
	'text-generation': ['llama', 'qwen2', 'qwen3', 'phi3', 'mistral', 'gemma', 'gemma2', 'gemma3_text', 'smollm3', 'gpt2', 'granite'],
	'token-classification': ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'electra', 'xlm-roberta', 'modernbert'],
	'feature-extraction': ['bert', 'distilbert', 'roberta', 'xlm-roberta', 'mpnet', 'nomic_bert', 'modernbert', 'gte'],
	'zero-shot-classification': ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'xlm-roberta', 'bart'],
	'question-answering': ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'xlm-roberta', 'electra'],
	'text-classification': ['bert', 'distilbert', 'roberta', 'deberta', 'deberta-v2', 'electra', 'xlm-roberta', 'modernbert']
};

/** Transformers.js file-name suffix for each dtype (`model${suffix}.onnx`). */
const DTYPE_SUFFIXES: ReadonlyArray<[string, Dtype]> = [
	['_q4f16', 'q4f16'],
	['_quantized', 'q8'],
	['_int8', 'q8'],
	['_uint8', 'q8'],
	['_q4', 'q4'],
	['_fp16', 'fp16'],
	['', 'fp32']
];

/** `onnx/model_q4f16.onnx` -> q4f16; null for files that are not a main weight file. */
export function dtypeFromFileName(path: string): Dtype | null {
	const match = /^onnx\/(?:model|decoder_model_merged)(_[a-z0-9]+)?\.onnx$/.exec(path);
	if (!match) return null;
	const suffix = match[1] ?? '';
	return DTYPE_SUFFIXES.find(([s]) => s === suffix)?.[1] ?? null;
}

/** Strips the picked folder's own name from webkitRelativePath-style paths (`folder/onnx/x` -> `onnx/x`). */
export function relativeToFolder(paths: readonly string[]): string[] {
	const first = paths[0]?.split('/')[0];
	const allUnder = first !== undefined && paths.every((p) => p.startsWith(`${first}/`));
	return allUnder && !paths.some((p) => p === 'config.json') ? paths.map((p) => p.slice(first.length + 1)) : [...paths];
}

/**
 * @param configText the folder's `config.json` text, or null when absent.
 */
export function checkModelFolder(files: readonly PickedFile[], task: Task, configText: string | null): FolderReport {
	const problems: string[] = [];
	const byPath = new Map(files.map((f) => [f.path, f]));
	for (const required of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
		if (!byPath.has(required)) problems.push(`Missing ${required}.`);
	}

	let modelType: string | null = null;
	if (configText !== null) {
		try {
			const config = JSON.parse(configText) as { model_type?: unknown };
			modelType = typeof config.model_type === 'string' ? config.model_type : null;
			if (modelType === null) problems.push('config.json has no "model_type".');
			else if (!KNOWN_MODEL_TYPES[task].includes(modelType)) {
				problems.push(`model_type "${modelType}" is not one Bedside runs for ${task} (known: ${KNOWN_MODEL_TYPES[task].join(', ')}).`);
			}
		} catch {
			problems.push('config.json is not valid JSON.');
		}
	}

	const weights: WeightFile[] = [];
	for (const file of files) {
		const dtype = dtypeFromFileName(file.path);
		if (!dtype) continue;
		const externalData = files.filter((f) => f.path.startsWith(`${file.path}_data`)).map((f) => f.path);
		const bytes = file.bytes + externalData.reduce((sum, p) => sum + (byPath.get(p)?.bytes ?? 0), 0);
		weights.push({ path: file.path, dtype, bytes, externalData });
	}
	if (weights.length === 0) problems.push('Missing an ONNX weight file: onnx/model.onnx or onnx/model_<dtype>.onnx (e.g. model_quantized.onnx).');
	for (const w of weights) {
		if (w.bytes === 0) problems.push(`${w.path} is empty.`);
	}
	const totalBytes = files.reduce((sum, f) => sum + f.bytes, 0);
	return { ok: problems.length === 0, problems, weights, totalBytes, modelType };
}
