/**
 * Checks a local folder a user picked as a model in the Hugging Face / Transformers.js layout, before
 * anything is stored: required files, an architecture known for the chosen task, dtype from the weight
 * file name, total size. Pure, so the rules are unit-tested without a browser.
 */
import type { Dtype, Task } from '../catalogue';
import { dtypeOfFile } from '../dtypes.js';
import { TASKS } from '../tasks';

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

/** Weight files are `onnx/model*.onnx` or, for decoders exported with a merged past, `onnx/decoder_model_merged*.onnx`. */
const GRAPH_NAMES = ['model', 'decoder_model_merged'];

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
			else if (!TASKS[task].architectures.includes(modelType)) {
				problems.push(`model_type "${modelType}" is not one Bedside runs for ${task} (known: ${TASKS[task].architectures.join(', ')}).`);
			}
		} catch {
			problems.push('config.json is not valid JSON.');
		}
	}

	const weights: WeightFile[] = [];
	for (const file of files) {
		const dtype = dtypeOfFile(file.path, GRAPH_NAMES);
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
