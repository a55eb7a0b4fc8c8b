/**
 * One causal LM's ONNX Runtime session driven step by step with its KV cache, without Transformers.js
 * `generate()`: Bedside's decode loop (decodeLoop.ts) calls `step` once per token. Only the standard
 * decoder layout is driven this way (input_ids, attention_mask, position_ids, past_key_values.N.key/value,
 * optionally num_logits_to_keep; logits and present.N.key/value out); `fromModel` returns null for any
 * other layout and the engine keeps `generate()` for it.
 */
import { KvBuffers, NEW_PREFIX } from './kvBuffers';
import { halfToFloat } from './sampling';

/** The parts of an ONNX Runtime tensor this file uses (onnxruntime-web and onnxruntime-node alike). */
export interface OrtTensorLike {
	readonly type: string;
	readonly dims: readonly number[];
	readonly data: unknown;
	readonly location?: string;
	dispose?(): void;
}

interface ValueMetadata {
	readonly name: string;
	readonly isTensor?: boolean;
	readonly type?: string;
	readonly shape?: readonly (number | string)[];
}

export interface OrtSessionLike {
	readonly inputNames: readonly string[];
	readonly outputNames: readonly string[];
	readonly inputMetadata?: readonly ValueMetadata[];
	/** `fetches`: the outputs to return (all when absent); ONNX Runtime copies only those out. */
	run(feeds: Record<string, OrtTensorLike>, fetches?: readonly string[]): Promise<Record<string, OrtTensorLike>>;
}

/** Builds a tensor of the session's own ONNX Runtime build (Transformers.js `new Tensor(...).ort_tensor`). */
export type TensorFactory = (
	type: 'int64' | 'float32' | 'float16',
	data: BigInt64Array | Float32Array | Uint16Array,
	dims: number[]
) => OrtTensorLike;

/** What `fromModel` reads of a Transformers.js PreTrainedModel. */
export interface DecoderModelLike {
	sessions: Record<string, OrtSessionLike | undefined>;
	config: { num_key_value_heads?: number; num_attention_heads?: number; hidden_size?: number; head_dim?: number };
}

type EmptyPast = Record<string, { type: 'float32' | 'float16'; dims: number[] }>;

const PAST_PREFIX = 'past_key_values.';
const KNOWN_INPUTS = new Set(['input_ids', 'attention_mask', 'position_ids', 'num_logits_to_keep']);

export class CausalSession {
	readonly #session: OrtSessionLike;
	readonly #tensor: TensorFactory;
	readonly #pastNames: string[];
	readonly #emptyPast: EmptyPast;
	#past: Record<string, OrtTensorLike> | null = null;
	/** Tokens already in the cache. */
	#length = 0;
	/** Their ids, in order (what `resume` compares the next prompt with). */
	#ids: number[] = [];
	/** Length of the prompt of the last answer (`resume` keeps the cache only when a new prompt extends it). */
	#promptLength = 0;
	/** Milliseconds spent in `session.run` and in `step` since this session was made (the bench's step breakdown). */
	#runMs = 0;
	#stepMs = 0;
	/** The cache in own buffers, when the model outputs each step's new positions (kvBuffers.ts); else null. */
	readonly #kv: KvBuffers | null;
	/** What `run` fetches with #kv: the logits and the new positions (not `present.*`). */
	readonly #fetches: string[] | undefined;

	private constructor(session: OrtSessionLike, tensor: TensorFactory, emptyPast: EmptyPast) {
		this.#session = session;
		this.#tensor = tensor;
		this.#emptyPast = emptyPast;
		this.#pastNames = Object.keys(emptyPast);
		const newNames = this.#pastNames.map((name) => NEW_PREFIX + name.slice(PAST_PREFIX.length));
		const [first] = Object.values(emptyPast);
		const isSliced =
			first !== undefined &&
			Object.values(emptyPast).every((p) => p.type === 'float32') &&
			newNames.every((name) => session.outputNames.includes(name));
		this.#kv = isSliced ? new KvBuffers(this.#pastNames, first.dims[1] as number, first.dims[3] as number) : null;
		this.#fetches = isSliced ? ['logits', ...newNames] : undefined;
	}

	/** Makes room for `positions` cached tokens in Bedside's buffers at once (a no-op when the cache is not ours). */
	reserveCache(positions: number): void {
		this.#kv?.reserve(positions);
	}

	/** Whether the cache lives in Bedside's buffers (the model outputs each step's new positions). */
	get ownsCache(): boolean {
		return this.#kv !== null;
	}

	/** The session of a decoder-only model in the standard layout, or null (then `generate()` runs it). */
	static fromModel(model: DecoderModelLike, tensor: TensorFactory): CausalSession | null {
		const session = model.sessions['model'];
		if (!session || !session.inputNames.includes('input_ids') || !session.outputNames.includes('logits')) return null;
		const unknown = session.inputNames.filter((name) => !KNOWN_INPUTS.has(name) && !name.startsWith(PAST_PREFIX));
		if (unknown.length > 0) return null;
		const empty: EmptyPast = {};
		for (const name of session.inputNames.filter((n) => n.startsWith(PAST_PREFIX))) {
			const present = name.replace(PAST_PREFIX, 'present.');
			if (!session.outputNames.includes(present)) return null;
			const shape = emptyPastShape(
				session.inputMetadata?.find((m) => m.name === name),
				model.config
			);
			if (!shape) return null;
			empty[name] = shape;
		}
		if (Object.keys(empty).length === 0) return null;
		return new CausalSession(session, tensor, empty);
	}

	/** Total ms inside `session.run` (ONNX Runtime) and inside `step` (plus building feeds, copying logits). */
	get clock(): { runMs: number; stepMs: number } {
		return { runMs: this.#runMs, stepMs: this.#stepMs };
	}

	/** Tokens in the KV cache (prompt and answer so far). */
	get length(): number {
		return this.#length;
	}

	/**
	 * Prepares the cache for `promptIds` and returns how many of its first tokens are cached already, so only the rest
	 * needs a prefill. A chat's next prompt is the previous prompt, the answer and the new message: the cache from the
	 * previous answer is cut to the part the new prompt starts with (at least the previous prompt; a re-tokenized answer
	 * may differ from the sampled ids) and kept. Anything else (another conversation, an evaluation item, a prompt
	 * cut to fit the context) starts from an empty cache, so a fresh prompt's output never depends on what ran before.
	 */
	resume(promptIds: readonly number[]): number {
		const previousPrompt = this.#promptLength;
		this.#promptLength = promptIds.length;
		// At least one token is left to run: its logits choose the first new token.
		const max = Math.min(this.#ids.length, promptIds.length - 1);
		let common = 0;
		while (common < max && this.#ids[common] === promptIds[common]) common += 1;
		if (common > 0 && common >= previousPrompt && this.#truncate(common)) return common;
		this.reset();
		return 0;
	}

	/** Cuts the cache to its first `n` tokens ([1, heads, length, dim] on the CPU); false when it cannot. */
	#truncate(n: number): boolean {
		if (this.#kv) {
			if (n > this.#kv.length) return false;
			this.#kv.length = n;
		} else if (n !== this.#length && !this.#cutPresent(n)) return false;
		this.#length = n;
		this.#ids.length = n;
		return true;
	}

	/** Copies the first `n` positions of each `present.*` cache tensor; false when one is not a CPU [1, h, len, d]. */
	#cutPresent(n: number): boolean {
		if (!this.#past) return false;
		const cut: Record<string, OrtTensorLike> = {};
		for (const [name, tensor] of Object.entries(this.#past)) {
			const [batch, heads, length, dim] = tensor.dims;
			const data = tensor.data;
			const isCpu = tensor.location === undefined || tensor.location === 'cpu';
			if (!isCpu || batch !== 1 || length !== this.#length || heads === undefined || dim === undefined) return false;
			if (!(data instanceof Float32Array || data instanceof Uint16Array)) return false;
			const out = new (data.constructor as Float32ArrayConstructor | Uint16ArrayConstructor)(heads * n * dim);
			for (let h = 0; h < heads; h++) out.set(data.subarray(h * length * dim, (h * length + n) * dim), h * n * dim);
			cut[name] = this.#tensor(tensor.type as 'float32' | 'float16', out, [1, heads, n, dim]);
		}
		this.#past = cut;
		return true;
	}

	/** Runs `ids` after what is cached and returns the logits of the last position (a fresh copy). */
	async step(ids: readonly number[]): Promise<Float32Array> {
		const stepStart = performance.now();
		const n = ids.length;
		const past = this.#kv ? this.#kv.feeds(this.#tensor) : (this.#past ?? this.#emptyFeeds());
		const total = this.#length + n;
		const feeds: Record<string, OrtTensorLike> = { ...past };
		feeds['input_ids'] = this.#tensor(
			'int64',
			BigInt64Array.from(ids, (id) => BigInt(id)),
			[1, n]
		);
		const inputs = this.#session.inputNames;
		if (inputs.includes('attention_mask')) feeds['attention_mask'] = this.#tensor('int64', new BigInt64Array(total).fill(1n), [1, total]);
		if (inputs.includes('position_ids')) {
			feeds['position_ids'] = this.#tensor(
				'int64',
				BigInt64Array.from({ length: n }, (_, i) => BigInt(this.#length + i)),
				[1, n]
			);
		}
		if (inputs.includes('num_logits_to_keep')) feeds['num_logits_to_keep'] = this.#tensor('int64', BigInt64Array.of(1n), []);
		const runStart = performance.now();
		const outputs = this.#fetches ? await this.#session.run(feeds, this.#fetches) : await this.#session.run(feeds);
		this.#runMs += performance.now() - runStart;
		const logits = outputs['logits'];
		if (!logits) throw new Error('The model gave no logits output.');
		const row = lastRow(logits);
		if (this.#kv) this.#kv.append(outputs, n);
		else this.#keepPresent(outputs, past);
		this.#length = total;
		this.#ids.push(...ids);
		this.#stepMs += performance.now() - stepStart;
		return row;
	}

	/** The `present.*` outputs become the next step's past; the other outputs (logits read) and the old past are freed. */
	#keepPresent(outputs: Record<string, OrtTensorLike>, past: Record<string, OrtTensorLike>): void {
		const next: Record<string, OrtTensorLike> = {};
		for (const name of this.#pastNames) {
			const present = outputs[name.replace(PAST_PREFIX, 'present.')];
			if (!present) throw new Error(`The model gave no ${name.replace(PAST_PREFIX, 'present.')} output.`);
			next[name] = present;
		}
		disposeAll(Object.values(past));
		for (const [name, tensor] of Object.entries(outputs)) if (name === 'logits' || !name.startsWith('present.')) tensor.dispose?.();
		this.#past = next;
	}

	/** Empties the cache (the next `step` starts a new sequence) and frees its tensors. */
	reset(): void {
		if (this.#kv) this.#kv.length = 0;
		if (this.#past) disposeAll(Object.values(this.#past));
		this.#past = null;
		this.#length = 0;
		this.#ids = [];
	}

	#emptyFeeds(): Record<string, OrtTensorLike> {
		const feeds: Record<string, OrtTensorLike> = {};
		for (const [name, { type, dims }] of Object.entries(this.#emptyPast)) {
			feeds[name] = this.#tensor(type, type === 'float16' ? new Uint16Array(0) : new Float32Array(0), dims);
		}
		return feeds;
	}
}

/** [batch 1, kv heads, 0, head dim]: from the input's declared shape, else from the config. */
function emptyPastShape(
	meta: ValueMetadata | undefined,
	config: DecoderModelLike['config']
): { type: 'float32' | 'float16'; dims: number[] } | null {
	const type = meta?.type === 'float16' ? 'float16' : meta?.type === undefined || meta.type === 'float32' ? 'float32' : null;
	if (type === null) return null;
	const declared = meta?.shape;
	if (declared && declared.length === 4 && typeof declared[1] === 'number' && typeof declared[3] === 'number') {
		return { type, dims: [1, declared[1], 0, declared[3]] };
	}
	const heads = config.num_key_value_heads ?? config.num_attention_heads;
	const headDim =
		config.head_dim ??
		(heads && config.hidden_size && config.num_attention_heads ? config.hidden_size / config.num_attention_heads : undefined);
	if (!heads || !headDim) return null;
	return { type, dims: [1, heads, 0, headDim] };
}

/** The last position's logits as float32: [1, n, vocab] or [1, vocab]. */
function lastRow(logits: OrtTensorLike): Float32Array {
	const vocab = logits.dims.at(-1) ?? 0;
	const data = logits.data;
	if (data instanceof Float32Array) return data.slice(data.length - vocab);
	if (data instanceof Uint16Array) return halfToFloat(data.subarray(data.length - vocab));
	throw new Error(`Unsupported logits type ${logits.type}.`);
}

/** GPU-resident cache tensors hold GPU buffers until disposed; CPU ones are freed by the garbage collector. */
function disposeAll(tensors: OrtTensorLike[]): void {
	for (const tensor of tensors) if (tensor.location === 'gpu-buffer') tensor.dispose?.();
}
