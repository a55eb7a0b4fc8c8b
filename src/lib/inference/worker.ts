/** The inference worker entry: a handler around the real engine, wired to messages. */
import { InferenceHandler } from './handler';
import { ortAssets } from './ortAssets';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { TransformersEngine } from './transformersEngine';

// A path, not a full URL: Transformers.js 4.3 treats an http(s) localModelPath as remote when probing for
// optional files (tokenizer_config.json), and with remote models off it then skips the tokenizer.
const modelBaseUrl = `${import.meta.env.BASE_URL}models/`;
const engine = new TransformersEngine(ortAssets, modelBaseUrl);
const handler = new InferenceHandler(engine, (event: WorkerEvent) => self.postMessage(event));

self.onmessage = (message: MessageEvent<WorkerRequest>) => {
	void handler.handle(message.data);
};
