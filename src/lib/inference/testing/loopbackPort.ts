/** An in-memory WorkerPort around a handler, so client tests run the real protocol without a Worker. */
import { InferenceClient, type WorkerPort } from '../client';
import type { Engine } from '../engine';
import { InferenceHandler } from '../handler';
import type { WorkerEvent } from '../protocol';
import { FakeEngine, SCENARIOS, type Scenario } from './fakeEngine';

export function loopbackPort(engine: Engine): WorkerPort & { crash(message: string): void } {
	const port: WorkerPort & { crash(message: string): void } = {
		onmessage: null,
		onerror: null,
		// Events go through structuredClone, as they would across a real worker boundary.
		postMessage: (request) => {
			void handler.handle(structuredClone(request));
		},
		terminate: () => {},
		crash: (message) => port.onerror?.(new Error(message))
	};
	const handler = new InferenceHandler(engine, (event: WorkerEvent) => {
		const copy = structuredClone(event);
		queueMicrotask(() => port.onmessage?.({ data: copy }));
	});
	return port;
}

/** A client whose every worker is a loopback port over a FakeEngine; `ports` lists them, newest last. */
export function fakeClient(scenario: Scenario = SCENARIOS.happy) {
	const ports: ReturnType<typeof loopbackPort>[] = [];
	const client = new InferenceClient(() => {
		const port = loopbackPort(new FakeEngine(scenario));
		ports.push(port);
		return port;
	});
	return { client, ports };
}
