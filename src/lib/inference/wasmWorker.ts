/**
 * The WASM-only inference worker. In production builds vite.config.ts resolves `onnxruntime-web/webgpu`
 * to the plain WASM build for this entry: about twice the decode speed and a faster start than the
 * asyncify build. The dev server does not bundle workers, so it keeps the WebGPU build and its files.
 */
import { ortAssets } from './ortAssets';
import { startWorker } from './workerMain';

startWorker(import.meta.env.DEV ? ortAssets.webgpu : ortAssets.wasm, true);
