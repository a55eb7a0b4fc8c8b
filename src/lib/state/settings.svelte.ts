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

/** Plain reactive fields: the settings panel binds to them directly. */
export class Settings {
	maxNewTokens = $state(DEFAULT_MAX_NEW_TOKENS);
	/** 0 means greedy decoding. */
	temperature = $state(0);
	device = $state<BackendPreference['device']>('auto');
	/** WASM threads; 0 lets the runtime decide. */
	threads = $state(0);
	/** Only set by URL (bench and tests): suppresses end-of-text for a fixed-length decode. */
	readonly minNewTokens: number;
	/** Only set by URL (`?kvReuse=0`, the bench): every prompt is prefilled whole instead of continuing the cache. */
	readonly reuseCache: boolean;
	/** `?model=<catalogue id>`: the model to preselect; an unknown id is reported by the view. */
	readonly requestedModel: string | null;

	constructor(search = '') {
		const params = new URLSearchParams(search);
		this.maxNewTokens = readNumber(params, 'maxNewTokens', DEFAULT_MAX_NEW_TOKENS, 1, MAX_NEW_TOKENS_LIMIT);
		this.temperature = readNumber(params, 'temperature', 0, 0, 2);
		this.threads = readNumber(params, 'threads', 0, 0, 64);
		this.minNewTokens = readNumber(params, 'minNewTokens', 0, 0, this.maxNewTokens);
		this.reuseCache = params.get('kvReuse') !== '0';
		this.requestedModel = params.get('model');
		const device = params.get('device');
		if (device === 'wasm' || device === 'webgpu' || device === 'auto') this.device = device;
	}

	get generation(): GenerationOptions {
		const minNewTokens = Math.min(this.minNewTokens, this.maxNewTokens);
		return {
			maxNewTokens: this.maxNewTokens,
			temperature: this.temperature,
			minNewTokens,
			...(this.reuseCache ? {} : { reuseCache: false })
		};
	}

	get backend(): BackendPreference {
		return { device: this.device, threads: this.threads };
	}
}
