/**
 * Streams an answer's text to the page at most once per interval. A small model decodes hundreds of tokens a
 * second, and a message per token has the page's main thread update the answer for each one, on the same two cores
 * the worker decodes on. Measured with the method of `node bench/streamCost.mjs` (med-lm, 256-token answers, load
 * about 2): main-thread busy time per answer 0.41-0.65 s with a message per token, 0.32-0.57 s with this; a small
 * gain on a noisy machine, kept because it costs the reader nothing. The first piece goes at once (the answer
 * visibly starts); later pieces wait until the interval has passed since the last message, and `flush` sends the
 * rest when the run ends.
 */
export class TextCoalescer {
	readonly #post: (text: string, tokens: number) => void;
	readonly #now: () => number;
	readonly #intervalMs: number;
	#pending = '';
	#tokens = 0;
	#lastPost = -Infinity;

	constructor(post: (text: string, tokens: number) => void, now: () => number, intervalMs: number) {
		this.#post = post;
		this.#now = now;
		this.#intervalMs = intervalMs;
	}

	/** A new piece of text; `tokens` is the answer's token count so far. */
	push(text: string, tokens: number): void {
		this.#pending += text;
		this.#tokens = tokens;
		if (this.#now() - this.#lastPost >= this.#intervalMs) this.flush();
	}

	/** Sends what is waiting (nothing when nothing is). */
	flush(): void {
		if (this.#pending === '') return;
		this.#lastPost = this.#now();
		const text = this.#pending;
		this.#pending = '';
		this.#post(text, this.#tokens);
	}
}
