/**
 * Errors are data: a closed set of codes, each with a message that says what to do next. They cross the
 * worker boundary as plain `{ code, message, detail }` objects so the UI can branch on the kind of failure.
 */
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
