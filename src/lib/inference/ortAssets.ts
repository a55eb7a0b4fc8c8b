/**
 * ONNX Runtime Web's WASM files, emitted by Vite as assets of this app so nothing loads from a CDN.
 * Two builds: `onnxruntime-web/webgpu` (what Transformers.js imports) needs the asyncify variant; the plain
 * WASM build is about twice as fast per decode step and compiles faster, so WASM-only workers use it.
 */
import webgpuMjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import webgpuWasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import wasmMjs from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import wasmWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { OrtAssets } from './transformersEngine';

export const ortAssets: Record<'webgpu' | 'wasm', OrtAssets> = {
	webgpu: { mjs: webgpuMjs, wasm: webgpuWasm },
	wasm: { mjs: wasmMjs, wasm: wasmWasm }
};
