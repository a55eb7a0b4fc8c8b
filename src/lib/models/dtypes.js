// The one rule for "which dtype does this weight file serve": Transformers.js's file naming
// (`onnx/<name><suffix>.onnx`, its DEFAULT_DTYPE_SUFFIX_MAPPING). Shared by `npm run catalogue:sync`
// (scripts/lib/sync.mjs, Node) and the own-model folder check (models/own/folderCheck.ts), so both name a file
// the way the loader will ask for it: `model_int8.onnx` is dtype int8, not q8 (q8 loads `model_quantized.onnx`).
// Plain JS with a .d.ts beside it, so Node imports it as is.

/** Transformers.js dtype -> file-name suffix. */
export const DTYPE_SUFFIX = Object.freeze({
	fp32: '',
	fp16: '_fp16',
	int8: '_int8',
	uint8: '_uint8',
	q8: '_quantized',
	q4: '_q4',
	q4f16: '_q4f16',
	bnb4: '_bnb4'
});

/**
 * The dtype a weight file serves, or null for a file that is not an ONNX weight file.
 * @param {string} path  path inside the model folder, e.g. `onnx/model_quantized.onnx`
 * @param {readonly string[]} [names]  the graph names accepted (Transformers.js: `model`, `decoder_model_merged`, ...)
 * @returns {import('./dtypes').Dtype | null}
 */
export function dtypeOfFile(path, names) {
	const match = /^onnx\/(\w+?)(_quantized|_q4f16|_q4|_fp16|_int8|_uint8|_bnb4)?\.onnx$/.exec(path);
	if (!match || (names && !names.includes(match[1]))) return null;
	const suffix = match[2] ?? '';
	const found = Object.entries(DTYPE_SUFFIX).find(([, s]) => s === suffix);
	return found ? /** @type {import('./dtypes').Dtype} */ (found[0]) : null;
}
