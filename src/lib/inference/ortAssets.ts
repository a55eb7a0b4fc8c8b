/**
 * ONNX Runtime Web's WASM files, emitted by Vite as assets of this app so nothing loads from a CDN.
 * Transformers.js imports `onnxruntime-web/webgpu`, whose WASM build is the asyncify variant.
 */
import mjs from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasm from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import type { OrtAssets } from './transformersEngine';

export const ortAssets: OrtAssets = { mjs, wasm };
