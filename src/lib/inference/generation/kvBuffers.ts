/**
 * A decoder's KV cache kept in Bedside's own reused buffers, for models that also output each step's new positions
 * (`new.N.key` / `new.N.value`, added by training/quantize.py `kv-outputs`). ONNX Runtime Web copies every output
 * it returns into a fresh typed array; fetching `present.*` copies the whole cache every step, and in Chromium a
 * fresh ArrayBuffer costs 5-20x what it does in Node (README, speed). Fetching only the new positions and feeding
 * the cache from these buffers keeps both copies small or into reused memory.
 */
import type { OrtTensorLike, TensorFactory } from './causalSession';

export const NEW_PREFIX = 'new.';

export class KvBuffers {
	/** Per past input: [heads][capacity][dim], the cache as positions are added. */
	readonly #store = new Map<string, Float32Array>();
	/** Per past input: [heads][length][dim], contiguous, what the next step is fed (reused). */
	readonly #packed = new Map<string, Float32Array>();
	#capacity = 0;
	/** Positions in the cache. */
	length = 0;

	constructor(
		/** Past input names (`past_key_values.N.key`), each fed from and appended to its own buffer. */
		readonly names: readonly string[],
		readonly heads: number,
		readonly dim: number
	) {}

	/** The past feeds for the next step: [1, heads, length, dim] views of reused buffers. */
	feeds(tensor: TensorFactory): Record<string, OrtTensorLike> {
		const feeds: Record<string, OrtTensorLike> = {};
		const { heads, dim, length } = this;
		for (const name of this.names) {
			const store = this.#store.get(name);
			const packed = this.#packed.get(name);
			const view = packed ? packed.subarray(0, heads * length * dim) : new Float32Array(0);
			if (store && packed) {
				for (let h = 0; h < heads; h++)
					view.set(store.subarray(h * this.#capacity * dim, (h * this.#capacity + length) * dim), h * length * dim);
			}
			feeds[name] = tensor('float32', view, [1, heads, length, dim]);
		}
		return feeds;
	}

	/** Appends a step's `new.*` outputs ([1, heads, n, dim] each) after the cached positions. */
	append(outputs: Record<string, OrtTensorLike>, n: number): void {
		this.reserve(this.length + n);
		const { heads, dim } = this;
		for (const name of this.names) {
			const output = outputs[NEW_PREFIX + name.slice('past_key_values.'.length)];
			const data = output?.data;
			if (!(data instanceof Float32Array) || data.length !== heads * n * dim) {
				throw new Error(`The model gave no float32 ${NEW_PREFIX}${name.slice('past_key_values.'.length)} output of ${n} positions.`);
			}
			const store = this.#store.get(name) as Float32Array;
			for (let h = 0; h < heads; h++) {
				store.set(data.subarray(h * n * dim, (h + 1) * n * dim), (h * this.#capacity + this.length) * dim);
			}
		}
		this.length += n;
	}

	/**
	 * Grows every buffer (doubling) to hold `positions`, keeping what is cached. Growing means fresh ArrayBuffers, at
	 * several ms per MiB in Chromium (README #12), so the chat reserves room at load, before the warm-up
	 * (chatGenerator.ts), instead of growing while a prompt waits.
	 */
	reserve(positions: number): void {
		if (positions <= this.#capacity) return;
		const capacity = Math.max(positions, this.#capacity * 2, 64);
		const { heads, dim } = this;
		for (const name of this.names) {
			const grown = new Float32Array(heads * capacity * dim);
			const old = this.#store.get(name);
			if (old)
				for (let h = 0; h < heads; h++)
					grown.set(old.subarray(h * this.#capacity * dim, (h * this.#capacity + this.length) * dim), h * capacity * dim);
			this.#store.set(name, grown);
			this.#packed.set(name, new Float32Array(heads * capacity * dim));
		}
		this.#capacity = capacity;
	}
}
