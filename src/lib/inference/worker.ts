/** The WebGPU-capable inference worker: ONNX Runtime's WebGPU build (asyncify WASM for its CPU side). */
import { ortAssets } from './ortAssets';
import { startWorker } from './workerMain';

startWorker(ortAssets.webgpu, false);
