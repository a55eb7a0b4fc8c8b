/**
 * Chat generation for one loaded text-generation pipeline: chat template, context fit, then Bedside's decode
 * loop on the model's ONNX session (decodeLoop.ts), or Transformers.js `generate()` for a model whose session
 * layout the loop does not drive. Settings the caller does not give come from the model's generation_config.
 */
import { InterruptableStoppingCriteria, Tensor, TextStreamer, type TextGenerationPipeline } from '@huggingface/transformers';
import { fitToContext, type ContextTokenizer, type Truncation } from '../contextFit';
import type { ChatMessage, GenerationOptions, GenerationTimings } from '../protocol';
import { CopyBias, DEFAULT_COPY_STRENGTH } from './copyBias';
import { CausalSession, type DecoderModelLike, type OrtTensorLike, type TensorFactory } from './causalSession';
import { decode, type StopReason } from './decodeLoop';
import { warmUp, type WarmupReport } from './warmup';

export interface ChatCallbacks {
	/** Called once per generated token. */
	onToken(): void;
	/** Newly released answer text. */
	onText(text: string): void;
	isStopRequested(): boolean;
}

export interface ChatReply {
	text: string;
	isInterrupted: boolean;
	truncation?: Truncation;
	/** Where the time went (own loop only): template, tokenization, prefill, decode steps. */
	timings?: GenerationTimings;
	stoppedBy?: StopReason;
}

/** The subset of generation_config.json read here. */
interface GenerationDefaults {
	repetition_penalty?: number | null;
	top_p?: number | null;
	top_k?: number | null;
	eos_token_id?: number | number[] | null;
}

/**
 * KV cache positions reserved at load (kvBuffers.ts `reserve`): a conversation of several answers fits without the
 * buffers growing while a prompt waits. For Bedside's LMs (4 layers, 4 heads of 64) that is 8 MiB of JavaScript
 * memory; a longer conversation still grows them, once, to the context window.
 */
export const RESERVED_CACHE_TOKENS = 512;

const toOrt: TensorFactory = (type, data, dims) => new Tensor(type, data, dims).ort_tensor as unknown as OrtTensorLike;

/** Stops `generate()` on an `interrupt()` call or when the caller's stop flag is set (fallback path only). */
class SharedStopCriteria extends InterruptableStoppingCriteria {
	isStopRequested: () => boolean = () => false;

	override _call(...args: Parameters<InterruptableStoppingCriteria['_call']>): boolean[] {
		if (this.isStopRequested()) this.interrupt();
		return super._call(...args);
	}
}

export class ChatGenerator {
	readonly #pipe: TextGenerationPipeline;
	readonly #session: CausalSession | null;
	readonly #stopping = new SharedStopCriteria();
	#interrupted = false;
	readonly #sentenceEnds = new Map<number, boolean>();
	/** Time of the last chat template rendering and tokenization (the bench's time-to-first-token breakdown). */
	#promptClock = { templateMs: 0, tokenizeMs: 0 };

	constructor(pipe: TextGenerationPipeline) {
		this.#pipe = pipe;
		this.#session = CausalSession.fromModel(pipe.model as unknown as DecoderModelLike, toOrt);
	}

	/** Whether Bedside's decode loop runs this model (else Transformers.js `generate()`). */
	get usesOwnLoop(): boolean {
		return this.#session !== null;
	}

	/** The model's context window in tokens: its position embeddings, else the tokenizer's maximum. */
	get contextTokens(): number {
		const config = this.#pipe.model.config as { max_position_embeddings?: number };
		const fromTokenizer = (this.#pipe.tokenizer as { model_max_length?: number }).model_max_length;
		const n = config.max_position_embeddings ?? fromTokenizer;
		return typeof n === 'number' && Number.isFinite(n) && n > 0 && n < 1e7 ? n : 2048;
	}

	/** Warms the runtime before the first answer (see warmup.ts); the fallback path runs one token. */
	async warmUp(): Promise<WarmupReport | null> {
		const messages: ChatMessage[] = [{ role: 'user', content: 'What are the symptoms of anemia?' }];
		if (this.#session) {
			this.#session.reserveCache(Math.min(this.contextTokens, RESERVED_CACHE_TOKENS));
			return warmUp(this.#session, () => this.#promptIds(messages), this.contextTokens);
		}
		await this.#pipe(messages, { max_new_tokens: 1, do_sample: false });
		return null;
	}

	/** Asks a running generation to stop after the current token. */
	interrupt(): void {
		this.#interrupted = true;
		this.#stopping.interrupt();
	}

	async generate(messages: ChatMessage[], options: GenerationOptions, callbacks: ChatCallbacks): Promise<ChatReply> {
		this.#interrupted = false;
		const promptStart = performance.now();
		let promptIds = this.#session ? this.#promptIds(messages) : [];
		let maxNewTokens = options.maxNewTokens;
		let truncation: Truncation | undefined;
		let fitted = messages;
		// The full fit (contextFit.ts) re-templates several times: only when the prompt may not fit.
		if (!this.#session || promptIds.length + maxNewTokens > this.contextTokens) {
			const fit = fitToContext(messages, maxNewTokens, this.contextTokens, this.#contextTokenizer());
			({ maxNewTokens, truncation } = fit);
			fitted = fit.messages;
			if (this.#session) promptIds = this.#promptIds(fitted);
		}
		if (!this.#session)
			return { ...(await this.#generateFallback(fitted, { ...options, maxNewTokens }, callbacks)), ...(truncation ? { truncation } : {}) };
		const promptMs = performance.now() - promptStart;
		const defaults = (this.#pipe.model.generation_config ?? {}) as GenerationDefaults;
		const result = await decode(
			this.#session,
			this.#pipe.tokenizer,
			promptIds,
			{
				maxNewTokens,
				minNewTokens: Math.min(options.minNewTokens ?? 0, maxNewTokens),
				temperature: options.temperature,
				topP: options.topP ?? defaults.top_p ?? 1,
				topK: options.topK ?? defaults.top_k ?? 50,
				repetitionPenalty: options.repetitionPenalty ?? defaults.repetition_penalty ?? 1,
				eosIds: this.#eosIds(defaults),
				stopStrings: options.stop ?? [],
				reuseCache: options.reuseCache ?? true,
				...(options.copyFrom?.texts.length ? { copy: this.#copyBias(options.copyFrom) } : {})
			},
			{
				onToken: () => callbacks.onToken(),
				onText: (t) => callbacks.onText(t),
				isStopRequested: () => this.#interrupted || callbacks.isStopRequested()
			}
		);
		return {
			text: result.text,
			isInterrupted: result.stoppedBy === 'interrupted',
			stoppedBy: result.stoppedBy,
			timings: {
				promptMs,
				...this.#promptClock,
				prefillMs: result.prefillMs,
				prefillRunMs: result.prefillRunMs,
				promptTokens: promptIds.length,
				reusedTokens: result.reusedTokens,
				steps: result.decode.steps,
				decodeMs: result.decode.ms,
				runMs: result.decode.runMs,
				stepMs: result.decode.stepMs
			},
			...(truncation ? { truncation } : {})
		};
	}

	#promptIds(messages: ChatMessage[]): number[] {
		const { tokenizer } = this.#pipe;
		const start = performance.now();
		const prompt = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as string;
		const templated = performance.now();
		// As the text-generation pipeline does for chats: the template already holds the special tokens.
		const ids = tokenizer.encode(prompt, { add_special_tokens: false });
		this.#promptClock = { templateMs: templated - start, tokenizeMs: performance.now() - templated };
		return ids;
	}

	#copyBias({ texts, follow, enter }: NonNullable<GenerationOptions['copyFrom']>): CopyBias {
		// A leading space: in the prompt and in the answer a source's first word follows a space, and byte-level
		// BPE gives " word" and "word" different ids.
		const { tokenizer } = this.#pipe;
		const sources = texts.map((text) => tokenizer.encode(` ${text.trim()}`, { add_special_tokens: false }));
		// ... except as the answer's very first word, which follows the template's newline: that spelling opens the
		// source only when the rest of its tokens are the same ("The" + " prevalence", not "S" + "everal").
		const openings = texts.map((text, i) => {
			const bare = tokenizer.encode(text.trim(), { add_special_tokens: false });
			const spaced = sources[i] as number[];
			return bare.length === spaced.length && bare.slice(1, 8).every((id, j) => id === spaced[j + 1]) ? (bare[0] as number) : null;
		});
		const strength = {
			follow: follow ?? DEFAULT_COPY_STRENGTH.follow,
			enter: enter ?? DEFAULT_COPY_STRENGTH.enter
		};
		return new CopyBias(sources, strength, (id) => this.#endsSentence(id), openings);
	}

	/** Whether a token's text ends a sentence; cached, since the decode loop asks once per generated token. */
	#endsSentence(id: number): boolean {
		let ends = this.#sentenceEnds.get(id);
		if (ends === undefined) {
			ends = /[.!?]["')\]]*\s*$/.test(this.#pipe.tokenizer.decode([id], { skip_special_tokens: true }));
			this.#sentenceEnds.set(id, ends);
		}
		return ends;
	}

	#eosIds(defaults: GenerationDefaults): number[] {
		const fromConfig = defaults.eos_token_id ?? (this.#pipe.model.config as { eos_token_id?: number | number[] }).eos_token_id;
		const ids = Array.isArray(fromConfig) ? fromConfig : typeof fromConfig === 'number' ? [fromConfig] : [];
		const fromTokenizer = (this.#pipe.tokenizer as { eos_token_id?: number }).eos_token_id;
		if (ids.length === 0 && typeof fromTokenizer === 'number') ids.push(fromTokenizer);
		return ids;
	}

	async #generateFallback(messages: ChatMessage[], options: GenerationOptions, callbacks: ChatCallbacks): Promise<ChatReply> {
		this.#stopping.reset();
		this.#stopping.isStopRequested = callbacks.isStopRequested;
		let text = '';
		const streamer = new TextStreamer(this.#pipe.tokenizer, {
			skip_prompt: true,
			skip_special_tokens: true,
			callback_function: (piece: string) => {
				text += piece;
				callbacks.onText(piece);
			},
			token_callback_function: () => callbacks.onToken()
		});
		const isGreedy = options.temperature === 0;
		await this.#pipe(messages, {
			max_new_tokens: options.maxNewTokens,
			min_new_tokens: Math.min(options.minNewTokens ?? 0, options.maxNewTokens),
			do_sample: !isGreedy,
			...(isGreedy ? {} : { temperature: options.temperature }),
			...(options.topP !== undefined ? { top_p: options.topP } : {}),
			...(options.repetitionPenalty !== undefined ? { repetition_penalty: options.repetitionPenalty } : {}),
			streamer,
			stopping_criteria: this.#stopping
		});
		return { text, isInterrupted: this.#stopping.interrupted };
	}

	#contextTokenizer(): ContextTokenizer {
		const { tokenizer } = this.#pipe;
		return {
			promptTokens: (messages) =>
				tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: true, return_tensor: false, return_dict: false })
					.length,
			encode: (text) => tokenizer.encode(text, { add_special_tokens: false }),
			decode: (ids) => tokenizer.decode(ids, { skip_special_tokens: false })
		};
	}
}
