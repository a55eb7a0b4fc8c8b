/** The inference worker entry: a handler around the real engine, wired to messages. */
import { InferenceHandler } from './handler';
import { ortAssets } from './ortAssets';
import type { WorkerEvent, WorkerRequest } from './protocol';
import { TransformersEngine } from './transformersEngine';

const modelBaseUrl = new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin).href;
const engine = new TransformersEngine(ortAssets, modelBaseUrl);
const handler = new InferenceHandler(engine, (event: WorkerEvent) => self.postMessage(event));

self.onmessage = (message: MessageEvent<WorkerRequest>) => {
	void handler.handle(message.data);
};
