/**
 * Generation and backend settings. URL query parameters (`?device=wasm&threads=1&maxNewTokens=64&temperature=0`)
 * seed them, so tests and the bench can pin a configuration without clicking.
 */
import type { BackendPreference, GenerationOptions } from '../inference/protocol';
import { MAX_NEW_TOKENS_LIMIT } from '../inference/protocol';

export const DEFAULT_MAX_NEW_TOKENS = 96;

function readNumber(params: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
	const raw = params.get(key);
	if (raw === null) return fallback;
	const value = Number(raw);
	return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

export class Settings {
	#maxNewTokens = $state(DEFAULT_MAX_NEW_TOKENS);
	#temperature = $state(0);
	#device = $state<BackendPreference['device']>('auto');
	#threads = $state(0);
	#minNewTokens = $state(0);

	constructor(search = '') {
		const params = new URLSearchParams(search);
		this.#maxNewTokens = readNumber(params, 'maxNewTokens', DEFAULT_MAX_NEW_TOKENS, 1, MAX_NEW_TOKENS_LIMIT);
		this.#temperature = readNumber(params, 'temperature', 0, 0, 2);
		this.#threads = readNumber(params, 'threads', 0, 0, 64);
		this.#minNewTokens = readNumber(params, 'minNewTokens', 0, 0, this.#maxNewTokens);
		const device = params.get('device');
		if (device === 'wasm' || device === 'webgpu' || device === 'auto') this.#device = device;
	}

	get maxNewTokens() {
		return this.#maxNewTokens;
	}
	set maxNewTokens(value: number) {
		this.#maxNewTokens = value;
	}
	get temperature() {
		return this.#temperature;
	}
	set temperature(value: number) {
		this.#temperature = value;
	}
	get device() {
		return this.#device;
	}
	set device(value: BackendPreference['device']) {
		this.#device = value;
	}
	get threads() {
		return this.#threads;
	}
	set threads(value: number) {
		this.#threads = value;
	}

	/** Only settable by URL (bench and tests): a fixed-length decode. */
	get minNewTokens() {
		return this.#minNewTokens;
	}

	get generation(): GenerationOptions {
		const minNewTokens = Math.min(this.#minNewTokens, this.#maxNewTokens);
		return { maxNewTokens: this.#maxNewTokens, temperature: this.#temperature, minNewTokens };
	}

	get backend(): BackendPreference {
		return { device: this.#device, threads: this.#threads };
	}
}
