/**
 * Bedside's decode loop: prefill, then one `CausalSession.step` per token, with the logits processors of
 * sampling.ts, stop conditions (end-of-text ids, stop strings, token budget, the shared stop flag) and text
 * streaming. It replaces Transformers.js `generate()` for the standard decoder layout: same tokens on greedy
 * (decodeLoop.test.ts), less JavaScript per step, and the prefill timed apart for the time to first token.
 */
import type { CausalSession } from './causalSession';
import type { CopyBias } from './copyBias';
import { applyRepetitionPenalty, sampleToken, type SamplingOptions } from './sampling';
import { TextStream } from './textStream';

export interface DecodeOptions extends SamplingOptions {
	maxNewTokens: number;
	/** End-of-text is suppressed until this many tokens (the bench decodes a fixed count). */
	minNewTokens: number;
	/** Token ids that end the answer (not part of it). */
	eosIds: readonly number[];
	/** Texts that end the answer when they appear in it (cut before them). */
	stopStrings: readonly string[];
	/** Leans the answer on source texts (copyBias.ts); applied after the repetition penalty. */
	copy?: CopyBias;
	/** Continue the previous answer's cache when the prompt extends it (CausalSession.resume); else prefill all. */
	reuseCache?: boolean;
}

export interface DecodeCallbacks {
	/** Called once per generated token. */
	onToken(): void;
	/** Newly released answer text (held back while a character or a possible stop string is incomplete). */
	onText(text: string): void;
	/** Polled once per token: true ends the answer after the current token. */
	isStopRequested(): boolean;
}

/** What ended the answer. */
export type StopReason = 'eos' | 'length' | 'stop-string' | 'interrupted';

export interface DecodeResult {
	text: string;
	tokenIds: number[];
	stoppedBy: StopReason;
	/** Time of the prompt's forward pass, the bulk of the time to first token. */
	prefillMs: number;
	/** The part of prefillMs inside `session.run` (the rest: cache resume, feeds, new positions and logits copied). */
	prefillRunMs: number;
	/** Prompt tokens taken from the previous answer's cache (CausalSession.resume): not run again. */
	reusedTokens: number;
	/** The decode steps after the prefill: count, wall time, time in `session.run` and in `step` (ms). */
	decode: { steps: number; ms: number; runMs: number; stepMs: number };
}

export interface TextDecoder {
	decode(ids: number[], options: { skip_special_tokens: boolean }): string;
}

export async function decode(
	session: CausalSession,
	tokenizer: TextDecoder,
	promptIds: readonly number[],
	options: DecodeOptions,
	callbacks: DecodeCallbacks,
	random: () => number = Math.random
): Promise<DecodeResult> {
	options.copy?.reset();
	const seen = [...promptIds];
	const out: number[] = [];
	const text = new TextStream(tokenizer, options.stopStrings);
	const eos = new Set(options.eosIds);
	let stoppedBy: StopReason = 'length';
	const start = performance.now();
	if (options.reuseCache === false) session.reset();
	const reusedTokens = session.resume(promptIds);
	const runBefore = session.clock.runMs;
	let prefillMs: number;
	let prefillRunMs: number;
	let clock0: CausalSession['clock'];
	let steps = 0;
	let firstTokenAt = 0;
	let lastStepAt = 0;
	try {
		let logits = await session.step(promptIds.slice(reusedTokens));
		prefillMs = performance.now() - start;
		clock0 = session.clock;
		prefillRunMs = clock0.runMs - runBefore;
		while (out.length < options.maxNewTokens) {
			if (out.length < options.minNewTokens) for (const id of eos) logits[id] = -Infinity;
			applyRepetitionPenalty(logits, seen, options.repetitionPenalty);
			options.copy?.apply(logits);
			const next = sampleToken(logits, options, random);
			options.copy?.accept(next);
			if (eos.has(next)) {
				stoppedBy = 'eos';
				break;
			}
			out.push(next);
			seen.push(next);
			const piece = text.push(next);
			callbacks.onToken();
			// The decode rate is counted from the first token on (as the handler counts it).
			if (out.length === 1) firstTokenAt = performance.now();
			if (piece.text) callbacks.onText(piece.text);
			if (piece.isStopString) {
				stoppedBy = 'stop-string';
				break;
			}
			if (callbacks.isStopRequested()) {
				stoppedBy = 'interrupted';
				break;
			}
			if (out.length >= options.maxNewTokens) break;
			logits = await session.step([next]);
			steps += 1;
			lastStepAt = performance.now();
		}
	} catch (err) {
		// The cache may hold part of a step: the next answer starts afresh. Otherwise it is kept for the next turn.
		session.reset();
		throw err;
	}
	const rest = text.flush();
	if (rest) callbacks.onText(rest);
	const clock1 = session.clock;
	const decodeStats = {
		steps,
		ms: steps > 0 ? lastStepAt - firstTokenAt : 0,
		runMs: clock1.runMs - clock0.runMs,
		stepMs: clock1.stepMs - clock0.stepMs
	};
	return { text: text.text, tokenIds: out, stoppedBy, prefillMs, prefillRunMs, reusedTokens, decode: decodeStats };
}
