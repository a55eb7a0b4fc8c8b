/**
 * Test hooks for the e2e recovery tests, installed by main.ts only when the page's URL has `?testHooks=1`.
 * They break things the way the real world does (a worker dies, the WebGPU device is lost) through the
 * same code paths; they read nothing and send nothing anywhere.
 */
import { liveClients } from './client';

export interface BedsideTestHooks {
	/** Kills every inference worker as a crash would; returns how many were killed. */
	killWorker(): number;
	/** Destroys the WebGPU device in every worker (or marks it lost where none is in use); returns what each did. */
	loseGpuDevice(): Promise<string[]>;
}

export function installTestHooks(target: { __bedside?: BedsideTestHooks } = globalThis as { __bedside?: BedsideTestHooks }): void {
	target.__bedside = {
		killWorker() {
			const clients = [...liveClients];
			for (const client of clients) client.simulateCrash();
			return clients.length;
		},
		loseGpuDevice() {
			return Promise.all([...liveClients].map((client) => client.simulate('webgpu-device-lost').catch((err: unknown) => String(err))));
		}
	};
}
