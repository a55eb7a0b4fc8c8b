/** What both worker entries do: build a handler around the real engine and wire it to messages. */
import { InferenceHandler } from './handler';
import { reportWorkerNetwork } from '../security/network';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { TransformersEngine, type OrtAssets } from './transformersEngine';
import { watchWasmMemory } from './wasmMemory';

// A path, not a full URL: Transformers.js 4.3 treats an http(s) localModelPath as remote when probing for
// optional files (tokenizer_config.json), and with remote models off it then skips the tokenizer.
const MODEL_BASE_PATH = `${import.meta.env.BASE_URL}models/`;

export function startWorker(assets: OrtAssets, isWasmOnly: boolean): void {
	// The page's privacy indicator counts this worker's requests too (workers have their own timeline).
	reportWorkerNetwork(self.name || 'inference worker');
	// Before ONNX Runtime instantiates its WASM: the Models tab shows what each load adds to the heap.
	watchWasmMemory();
	const engine = new TransformersEngine(assets, MODEL_BASE_PATH, isWasmOnly);
	const handler = new InferenceHandler(engine, (event: WorkerEvent) => self.postMessage(event));
	self.onmessage = (message: MessageEvent<WorkerRequest>) => {
		void handler.handle(message.data);
	};
}
