/**
 * Errors are data: a closed set of codes, each with a message that says what to do next. They cross the
 * worker boundary as plain `{ code, message, detail }` objects so the UI can branch on the kind of failure.
 */
import { downloadBytes, type Device, type ModelEntry } from '../models/catalogue';

export type ErrorCode =
	| 'model_not_found'
	| 'model_file_missing'
	| 'load_failed'
	| 'webgpu_unavailable'
	| 'not_loaded'
	| 'busy'
	| 'bad_input'
	| 'run_failed'
	| 'worker_crashed'
	| 'out_of_memory'
	| 'cancelled'
	| 'unknown_request';

export interface ErrorInfo {
	code: ErrorCode;
	message: string;
	detail?: string;
}

/** An error with a code, thrown inside engines and turned into an `error` event by the handler. */
export class InferenceError extends Error {
	readonly code: ErrorCode;
	readonly detail?: string;

	constructor(code: ErrorCode, message: string, detail?: string) {
		super(message);
		this.name = 'InferenceError';
		this.code = code;
		this.detail = detail;
	}

	toInfo(): ErrorInfo {
		return { code: this.code, message: this.message, detail: this.detail };
	}
}

/** Turns anything thrown into an ErrorInfo; unknown errors get `fallback` as their code. */
export function toErrorInfo(err: unknown, fallback: ErrorCode): ErrorInfo {
	if (err instanceof InferenceError) return err.toInfo();
	const detail = err instanceof Error ? err.message : String(err);
	return { code: fallback, message: describe(fallback), detail };
}

/** The default user-facing message for each code: what happened and what to do next. */
export function describe(code: ErrorCode): string {
	switch (code) {
		case 'model_not_found':
			return 'This model is not in the catalogue. Pick one from the model list.';
		case 'model_file_missing':
			return 'A model file is missing from /models/. Run `npm run models` and reload the page.';
		case 'load_failed':
			return 'The model could not be loaded. Try the WASM backend, or re-install it with `npm run models`.';
		case 'webgpu_unavailable':
			return 'WebGPU is not available in this browser. Bedside will use WASM instead.';
		case 'not_loaded':
			return 'Load the model before running it.';
		case 'busy':
			return 'A generation is already running. Stop it or wait for it to finish.';
		case 'bad_input':
			return 'The prompt cannot be used as it is.';
		case 'run_failed':
			return 'The generation failed. Your prompt is kept: try again, or switch to WASM.';
		case 'worker_crashed':
			return 'The inference worker stopped unexpectedly. It has been restarted; load the model again.';
		case 'out_of_memory':
			return 'The browser ran out of memory. Close other tabs, pick a smaller model, or switch to WASM in Settings.';
		case 'cancelled':
			return 'Stopped. Nothing was lost; start it again when you are ready.';
		case 'unknown_request':
			return 'The worker received a request it does not understand.';
	}
}

/** Errors ORT and the browser raise when WebGPU's device is gone (destroyed, lost, reset). */
export function isDeviceLostError(err: unknown): boolean {
	const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
	return /device (is |was |has been )?(lost|destroyed)|GPUDevice.*(lost|destroyed)|lost GPU ?device|DXGI_ERROR_DEVICE_(REMOVED|RESET)|context lost/i.test(
		detail
	);
}

/**
 * Out-of-memory as ONNX Runtime Web, Emscripten and V8 report it: a RangeError from a failed ArrayBuffer or
 * WebAssembly.Memory allocation, ORT's "failed to allocate" / std::bad_alloc, an Emscripten `Aborted()` about
 * memory (OOM, "Cannot enlarge memory"), WebGPU's buffer allocation failures.
 */
export function isOutOfMemoryError(err: unknown): boolean {
	const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
	return /out of memory|\bOOM\b|bad_alloc|(array buffer|arraybuffer|memory) allocation failed|(failed|unable|could not|cannot) (to )?allocate|allocation (of [^.]* )?failed|cannot enlarge memory|WebAssembly\.Memory\(\): could not|Invalid (typed )?array (buffer )?length|Aborted\(\)[^]*memory/i.test(
		detail
	);
}

/** A load failure as a typed error whose message says what to do (exported for its unit test). */
export function loadError(entry: ModelEntry, err: unknown, device: Device = entry.defaults.device): InferenceError {
	const detail = err instanceof Error ? err.message : String(err);
	if (isOutOfMemoryError(err)) {
		const bytes = downloadBytes(entry);
		const size = bytes > 0 ? ` (${Math.max(1, Math.round(bytes / 2 ** 20))} MiB of model files)` : '';
		const next =
			device === 'webgpu'
				? 'Pick a smaller model, or switch the backend to WASM in Settings and load again.'
				: 'Pick a smaller model (bedside/med-lm is the smallest chat model), close other tabs, and reload the page before loading again (WASM memory is freed only on reload).';
		return new InferenceError('out_of_memory', `The browser ran out of memory loading ${entry.id}${size}. ${next}`, detail);
	}
	// An own model's files live in this browser's storage (Models tab), not in /models/ on the server.
	const isOwn = entry.source.kind === 'local';
	const missing = /could not locate file|404|not found/i.test(detail);
	if (missing) {
		return new InferenceError(
			'model_file_missing',
			isOwn
				? `A file of ${entry.id} is missing from this browser's storage. Delete it in Models and add its folder again.`
				: entry.source.kind === 'hub'
					? `${entry.id} is not in this browser yet: download it (Models tab, Download), or have the site install it with \`npm run models -- --hub --only ${entry.id}\`.`
					: `A file of ${entry.id} is missing from /models/${entry.id}/. Run \`npm run models\` and reload the page.`,
			detail
		);
	}
	// ORT's "protobuf parsing failed", a JSON syntax error, an empty body: the installed copy is damaged.
	const damaged =
		/protobuf|parsing failed|JSON|Unexpected (token|end)|unterminated|invalid (model|file)|corrupt|truncat|buffer is empty|out of bounds/i.test(
			detail
		);
	if (damaged) {
		return new InferenceError(
			'load_failed',
			isOwn
				? `A file of ${entry.id} in this browser's storage is damaged or incomplete. Delete it in Models and add its folder again.`
				: `A file of ${entry.id} in /models/${entry.id}/ is damaged or incomplete. Run \`npm run models\` (it checks every file's size and sha256 and replaces bad ones) and reload the page.`,
			detail
		);
	}
	return new InferenceError('load_failed', `${entry.id} could not be loaded.`, detail);
}
