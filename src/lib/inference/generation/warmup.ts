/**
 * A warm-up sized by measurement. V8 compiles ONNX Runtime's WASM with a baseline compiler first and optimises
 * the hot functions as they run; a one-token warm-up leaves the first answer at about half speed. This runs short
 * answers one after another (the prompt's prefill, then up to SEQUENCE_STEPS greedy steps, then a fresh cache)
 * until the step time stops improving (two consecutive windows within 5% of each other, after at least MIN_MS of
 * decoding), with a cap on time, so a model whose code is already optimised (a second model in the same worker)
 * stops soon after MIN_MS. Short answers rather than one long one: a single sequence ran into the context window
 * (a 384-step cap) before the optimised code had arrived, and each new sequence also runs the prefill's kernels,
 * which a one-token step never reaches. Each answer ends with a few more prompt tokens after it, as a chat's next
 * message is prefilled after the cached answer (several new tokens with a past): that path, not a fresh prefill nor
 * a one-token step, sets a follow-up question's time to first token.
 */
import type { CausalSession } from './causalSession';
import { argmax } from './sampling';

export interface WarmupReport {
	steps: number;
	ms: number;
	/** Median step time of the last window, ms. */
	stepMs: number;
	/**
	 * Median step time of the first window, ms: how fast the code V8 started with was (baseline tier, or optimised
	 * code from its cache on a later visit); stepMs / firstStepMs is what the warm-up gained.
	 */
	firstStepMs: number;
}

/** Steps per window: 16 for a small model; fewer for a big one, whose steps each take long (at least 4). */
const MAX_WINDOW = 16;
const MIN_WINDOW = 4;
const WINDOW_MS = 100;
const SETTLED = 0.95;
/**
 * Tier-up is driven by work done, not by a count of steps: decode at least this long before judging. V8 compiles
 * the optimised code on a background thread; on the shared 2-core machine it arrived after 2-4 s of decoding, and
 * a 400 ms minimum let the warm-up settle at baseline speed (the 23:01 bench of session 12). With 3 s the first
 * prompt after a load decoded at 0.59x / 0.66x of the later ones (1 / 2 threads, bench 04-59 of session 14); with
 * 4.5 s at 0.92x / 0.82x, for 1.5 s more load time (bench 05-04; README "Benchmark").
 */
const MIN_MS = 4500;
/**
 * Steps per warm-up answer. ONNX Runtime Web alone in Chromium (`node bench/ortAlone.mjs`, bedside/med-lm, 1 thread,
 * load 1.9-2.5): with no warm-up, four 64-step answers after a 178-token prompt ran at 7.3, 6.4, 2.7 and 3.8 ms a
 * step; after 4 s of 16-token answers at 1.9-2.0 ms from the first.
 */
const SEQUENCE_STEPS = 32;
/** Tokens of the continued prefill after each warm-up answer (the bench's follow-up prompts add 18). */
const FOLLOW_UP_TOKENS = 16;

/**
 * `prompt` is called for each warm-up answer: templating and tokenizing the prompt (JavaScript the first real
 * prompt also runs, 5.6 ms in the browser against 2.4 natively in the 04-59 bench) get optimised with the model.
 */
export async function warmUp(
	session: CausalSession,
	prompt: () => readonly number[],
	contextTokens: number,
	maxSteps = 4096,
	maxMs = 6000
): Promise<WarmupReport> {
	const start = performance.now();
	const times: number[] = [];
	let previous = Infinity;
	let windowSize = MAX_WINDOW;

	const going = () => times.length < maxSteps && performance.now() - start < maxMs;
	try {
		settle: while (going()) {
			session.reset();
			const promptIds = prompt();
			const perSequence = Math.max(1, Math.min(SEQUENCE_STEPS, contextTokens - promptIds.length - 1));
			const followUp = Math.min(FOLLOW_UP_TOKENS, promptIds.length, contextTokens - promptIds.length - perSequence - 1);
			let logits = await session.step(promptIds);
			for (let i = 0; i < perSequence && going(); i++) {
				const t = performance.now();
				logits = await session.step([argmax(logits)]);
				times.push(performance.now() - t);
				if (times.length === 2)
					windowSize = Math.max(MIN_WINDOW, Math.min(MAX_WINDOW, Math.round(WINDOW_MS / Math.max(times[1] as number, 0.01))));
				if (times.length % windowSize !== 0 || performance.now() - start < MIN_MS) continue;
				const current = median(times.slice(-windowSize));
				if (current >= previous * SETTLED) break settle;
				previous = current;
			}
			if (followUp > 1 && going()) await session.step(promptIds.slice(-followUp));
		}
	} finally {
		session.reset();
	}
	return {
		steps: times.length,
		ms: performance.now() - start,
		stepMs: median(times.slice(-windowSize)),
		firstStepMs: median(times.slice(0, windowSize))
	};
}

function median(values: number[]): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] as number;
}
