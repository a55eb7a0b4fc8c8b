/**
 * Streams an answer's text to the page at most once per interval. A small model decodes hundreds of tokens a
 * second, and a message per token has the page's main thread update the answer for each one, on the same two cores
 * the worker decodes on. `node bench/traceTurn.mjs` shows the cost: each message is a rendered frame, and while the
 * worker decodes the page's other threads run about 0.6-0.7 ms for each of its ms (the interval: handler.ts). The
 * first piece goes at once (the answer visibly starts); later pieces wait until the interval has passed since the
 * last message, and `flush` sends the rest when the run ends.
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
