/**
 * How ONNX Runtime sessions are created, decided per model in this one place (docs/architecture.md).
 *
 * ONNX Runtime fuses an int8 weight's DequantizeLinear -> MatMul into MatMulNBits; its WASM build
 * dequantizes the whole weight matrix to fp32 on every call, which was ~90% of a decode step for Bedside's
 * 5 M LM (282 us per 256x704 projection against 18 us with fp32 weights). `session.disable_quant_qdq`
 * keeps the DequantizeLinear nodes unfused, so constant folding turns them into fp32 weights once at load:
 * 4x the weight bytes in memory, several times the speed. That trade is taken on WASM for 8-bit models
 * whose fp32 copy stays under FOLD_LIMIT_BYTES; a 4-bit model (q4, MatMulNBits with 4-bit blocks) would grow
 * 8x, so it keeps its quantized kernels (bench/results/matmulnbits-*.md has the measurement); WebGPU has
 * its own kernels and is left alone.
 *
 * Weights stored as MatMulInteger (dynamically quantized activations: Hub q8 exports, and Bedside's LMs for all
 * but their vocabulary and MLP down projections, training/quantize.py) have no DequantizeLinear to fold: they
 * stay int8 and run on ONNX Runtime's int8 GEMM. For a decoder (text-generation) the session also skips
 * prepacking, ONNX Runtime's second, kernel-shaped copy of each weight: a decode step multiplies one row, where
 * it measured no faster, and the LMs' heap after load went from 4.4x to 3.3x the file
 * (bench/int8-wasm.md).
 */
import type { Device, Dtype, Task } from '../models/catalogue';

/** fp32 weights above this stay quantized: a browser tab's memory is the limit, not speed. */
export const FOLD_LIMIT_BYTES = 256 * 2 ** 20;

const EIGHT_BIT: ReadonlySet<string> = new Set(['q8', 'int8', 'uint8']);

export interface SessionPlan {
	/** Transformers.js `session_options` for the model's sessions. */
	sessionOptions: { extra?: { session: { disable_quant_qdq: '1'; disable_prepacking?: '1' } } };
	/** Whether 8-bit weights stored as DequantizeLinear become fp32 at load. */
	foldsWeights: boolean;
	/** In words, for the Models tab and the bench report. */
	why: string;
}

export function sessionPlan(device: Device, dtype: Dtype, weightBytes: number, task?: Task): SessionPlan {
	if (device !== 'wasm') return { sessionOptions: {}, foldsWeights: false, why: 'WebGPU runs quantized weights with its own kernels' };
	if (!EIGHT_BIT.has(dtype))
		return { sessionOptions: {}, foldsWeights: false, why: `${dtype} weights keep ONNX Runtime's quantized kernels` };
	if (weightBytes * 4 > FOLD_LIMIT_BYTES) {
		return {
			sessionOptions: {},
			foldsWeights: false,
			why: `8-bit weights stay 8-bit: as fp32 they would take ${Math.round((weightBytes * 4) / 2 ** 20)} MiB`
		};
	}
	if (task === 'text-generation') {
		return {
			sessionOptions: { extra: { session: { disable_quant_qdq: '1', disable_prepacking: '1' } } },
			foldsWeights: true,
			why: '8-bit weights: DequantizeLinear ones unpacked to fp32 once at load, MatMulInteger ones stay int8; no prepacked copies'
		};
	}
	return {
		sessionOptions: { extra: { session: { disable_quant_qdq: '1' } } },
		foldsWeights: true,
		why: '8-bit weights unpacked to fp32 once at load (4x the memory, several times faster on WASM)'
	};
}
