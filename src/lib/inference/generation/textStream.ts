/**
 * Generated token ids to streamed text, as Transformers.js TextStreamer does it: the ids of the current line are
 * decoded together (a character can span tokens, and decoding one token alone loses spaces), and text is
 * released up to the last space, or whole at a newline. Stop strings are cut out: text that could be the
 * start of one is held back until it is clear that it is not.
 */
import type { TextDecoder } from './decodeLoop';

export class TextStream {
	readonly #tokenizer: TextDecoder;
	readonly #stops: readonly string[];
	/** Ids of the current line, decoded together. */
	#line: number[] = [];
	/** Characters of the current line already released. */
	#lineReleased = 0;
	/** Text released so far (the answer, as the user sees it). */
	#released = '';
	#isStopped = false;

	constructor(tokenizer: TextDecoder, stops: readonly string[]) {
		this.#tokenizer = tokenizer;
		this.#stops = stops.filter((s) => s.length > 0);
	}

	/** The answer text released so far (after `flush`, all of it). */
	get text(): string {
		return this.#released;
	}

	/** Adds one token; returns the newly releasable text and whether a stop string just appeared. */
	push(id: number): { text: string; isStopString: boolean } {
		if (this.#isStopped) return { text: '', isStopString: true };
		this.#line.push(id);
		const lineText = this.#tokenizer.decode(this.#line, { skip_special_tokens: true });
		const pending = lineText.slice(this.#lineReleased);
		const stopAt = this.#findStop(this.#released, pending);
		if (stopAt >= 0) {
			this.#isStopped = true;
			return { text: this.#release(pending.slice(0, stopAt)), isStopString: true };
		}
		if (lineText.endsWith('\n')) {
			const piece = this.#release(pending);
			this.#line = [];
			this.#lineReleased = 0;
			return { text: piece, isStopString: false };
		}
		// An incomplete UTF-8 character decodes as U+FFFD: wait for the next token.
		if (lineText.endsWith('\uFFFD')) return { text: '', isStopString: false };
		let end = pending.lastIndexOf(' ') + 1;
		end = Math.min(end, pending.length - this.#heldForStop(pending));
		if (end <= 0) return { text: '', isStopString: false };
		this.#lineReleased += end;
		return { text: this.#release(pending.slice(0, end)), isStopString: false };
	}

	/** Releases what is left at the end of the answer. */
	flush(): string {
		if (this.#isStopped || this.#line.length === 0) return '';
		const lineText = this.#tokenizer.decode(this.#line, { skip_special_tokens: true });
		const rest = lineText.slice(this.#lineReleased);
		this.#line = [];
		this.#lineReleased = 0;
		return this.#release(rest);
	}

	#release(piece: string): string {
		this.#released += piece;
		return piece;
	}

	/** Index in `pending` where a stop string starts (it may begin in already released text), or -1. */
	#findStop(released: string, pending: string): number {
		let best = -1;
		for (const stop of this.#stops) {
			const tail = released.slice(Math.max(0, released.length - stop.length + 1));
			const at = (tail + pending).indexOf(stop);
			if (at < 0) continue;
			const inPending = Math.max(0, at - tail.length);
			if (best < 0 || inPending < best) best = inPending;
		}
		return best;
	}

	/** Length of the longest end of `pending` that is the beginning of a stop string. */
	#heldForStop(pending: string): number {
		let held = 0;
		for (const stop of this.#stops) {
			for (let k = Math.min(stop.length - 1, pending.length); k > held; k--) {
				if (pending.endsWith(stop.slice(0, k))) {
					held = k;
					break;
				}
			}
		}
		return held;
	}
}
