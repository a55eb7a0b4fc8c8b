/**
 * WebGPU device loss. ONNX Runtime's WebGPU backend cannot get a new device once its device is lost, so the
 * engine notes the loss here and moves WebGPU models to WASM (transformersEngine.ts decides when).
 */
import { env } from '@huggingface/transformers';
import { InferenceError, isDeviceLostError } from './errors';

/** The part of a GPUDevice used here (the DOM typings in this project have no WebGPU types). */
interface GpuDevice {
	readonly lost: Promise<{ reason?: string; message?: string }>;
	destroy(): void;
}

export class GpuWatch {
	/** ONNX Runtime's WebGPU device once a WebGPU session exists; null before, or in a WASM-only worker. */
	#device: GpuDevice | null = null;
	/** Why the device was lost; once lost, WebGPU is unusable for this worker's life. */
	#lost: string | null = null;

	get lost(): string | null {
		return this.#lost;
	}

	markLost(reason: string): void {
		this.#lost ??= reason;
	}

	/** After the first WebGPU session, ORT's `env.webgpu.device` is the device it uses: note when it is lost. */
	async watch(): Promise<void> {
		if (this.#device !== null) return;
		const webgpu = env.backends.onnx.webgpu as { device?: Promise<GpuDevice> | GpuDevice } | undefined;
		const device = await Promise.resolve(webgpu?.device).catch(() => undefined);
		if (!device || typeof device.destroy !== 'function') return;
		this.#device = device;
		void device.lost.then((info) => {
			this.#lost = info.message || info.reason || 'device lost';
		});
	}

	/** Whether `err`, from a run on a model on `device`, means the WebGPU device is gone. */
	isLoss(device: string, err: unknown): boolean {
		if (device !== 'webgpu') return false;
		return this.#lost !== null || isDeviceLostError(err);
	}

	/** Test hook: destroys the device (or marks it lost when none is in use). Resolves with what was done. */
	async simulateLoss(fault: string): Promise<string> {
		if (fault !== 'webgpu-device-lost') throw new InferenceError('unknown_request', `Unknown fault "${fault}".`);
		if (this.#device === null) {
			// No WebGPU session in this worker (e.g. the software adapter failed at load): mark the device lost so
			// the fallback path still runs for any WebGPU model, and say so.
			this.#lost = 'simulated device loss (no WebGPU device in use)';
			return 'No WebGPU device in use; marked as lost.';
		}
		const device = this.#device;
		device.destroy();
		// `lost` resolves soon after destroy(); the next run would also see it in its error.
		await Promise.race([device.lost, new Promise((resolve) => setTimeout(resolve, 2000))]);
		this.#lost ??= 'device destroyed';
		return `WebGPU device destroyed (${this.#lost}).`;
	}
}
