/**
 * Copy bias: a logits processor that makes an answer lean on source texts given with the prompt (the library
 * passages a library answer cites). A small LM trained to read still drifts into fluent text of its own after a
 * few words; this keeps it on the passages, the way a pointer (copy) mechanism would, without retraining:
 *
 * - while the answer's last token continues a source (it occurs there and the copy has not broken off), the
 *   token(s) that come next in that source get `follow` added to their logits, each distinct token once;
 * - at the answer's start and after each sentence it ends outside a copy, each source's first token gets `enter`.
 *
 * The model still chooses: a strong logit elsewhere (a citation marker, end of text) wins over the bias. A source
 * position is copied at most once per answer, so the answer does not loop over one span, and a copy never runs
 * from one source into the next. With both strengths 0 nothing changes.
 */

export interface CopyBiasStrength {
	/** Added to the logits of tokens that continue the span being copied. */
	follow: number;
	/** Added to the logits of each source's first token at the answer's start and after each of its sentences. */
	enter: number;
}

/**
 * Chosen on 100 MedQuAD train questions with their own pair left out of the library (`bedside/med-lm-2`, 3 passages,
 * greedy; `node scripts/copyBiasSweep.mjs --n 100`): answer sentences supported by the passages
 * 0.12 -> 0.84, ROUGE-L 0.16 -> 0.22. 16 / 4 supported more (0.90) but only 0.22 of answers cited a passage
 * (0.44 here): longer copies ran to the token limit before their citation.
 */
export const DEFAULT_COPY_STRENGTH: CopyBiasStrength = { follow: 12, enter: 3 };

const BETWEEN_SOURCES = -1;

export class CopyBias {
	/** Every source's token ids, in order, with BETWEEN_SOURCES between two sources. */
	readonly #tokens: Int32Array;
	/** Token id -> its positions in #tokens. */
	readonly #positions = new Map<number, number[]>();
	/** The first token id of each source. */
	readonly #entryIds: Int32Array;
	/** The first token id of each source as the answer's first token (no leading space) -> the sources' starts. */
	readonly #openings = new Map<number, number[]>();
	/** Whether no token has been accepted yet. */
	#atStart = true;
	/** Positions whose token would continue the answer's current copy; empty when it is not copying. */
	#continuations: number[] = [];
	/** Whether the answer is at its start or just ended a sentence. */
	#atBoundary = true;
	/** Positions the answer has already copied. */
	readonly #copied = new Set<number>();

	constructor(
		sources: readonly (readonly number[])[],
		readonly strength: CopyBiasStrength = DEFAULT_COPY_STRENGTH,
		/** Whether a token ends a sentence (its text ends with . ! or ?). */
		readonly endsSentence: (token: number) => boolean = () => false,
		/**
		 * Per source, the id its first word has at the very start of an answer, where byte-level BPE tokenizers
		 * spell it without the leading space it has elsewhere ("The" against " The"); undefined: the same id;
		 * null: the source cannot open an answer (its first word splits differently without the space).
		 */
		openings: readonly (number | null | undefined)[] = []
	) {
		const tokens: number[] = [];
		const entryIds = new Set<number>();
		sources.forEach((source, i) => {
			if (source.length === 0) return;
			if (tokens.length > 0) tokens.push(BETWEEN_SOURCES);
			entryIds.add(source[0] as number);
			const opening = openings[i] === undefined ? (source[0] as number) : openings[i];
			if (opening !== null) this.#openings.set(opening, [...(this.#openings.get(opening) ?? []), tokens.length]);
			tokens.push(...source);
		});
		this.#tokens = Int32Array.from(tokens);
		this.#tokens.forEach((id, position) => {
			if (id === BETWEEN_SOURCES) return;
			const list = this.#positions.get(id);
			if (list) list.push(position);
			else this.#positions.set(id, [position]);
		});
		this.#entryIds = Int32Array.from(entryIds);
	}

	/** Forgets the copy in progress (a new answer). */
	reset(): void {
		this.#continuations = [];
		this.#atBoundary = true;
		this.#atStart = true;
		this.#copied.clear();
	}

	/** Whether the answer's last token continues a source. */
	get isCopying(): boolean {
		return this.#continuations.length > 0;
	}

	/** Adds the bias to one row of logits, before sampling. */
	apply(logits: Float32Array): void {
		if (this.#continuations.length > 0) {
			for (const id of new Set(this.#continuations.map((p) => this.#tokens[p] as number))) this.#add(logits, id, this.strength.follow);
		} else if (this.#atStart) {
			for (const id of this.#openings.keys()) this.#add(logits, id, this.strength.enter);
		} else if (this.#atBoundary) {
			for (const id of this.#entryIds) this.#add(logits, id, this.strength.enter);
		}
	}

	/** Records the token the answer took, after sampling. */
	accept(token: number): void {
		this.#atBoundary = this.endsSentence(token);
		// Longest match first: keep the copies the token extends; if none, start anew wherever the token occurs.
		const extended = this.#continuations.filter((p) => this.#tokens[p] === token);
		const starts = this.#atStart ? (this.#openings.get(token) ?? []) : [];
		this.#atStart = false;
		const fresh = starts.length > 0 ? starts : (this.#positions.get(token) ?? []);
		const matched = extended.length > 0 ? extended : fresh.filter((p) => !this.#copied.has(p));
		for (const p of matched) this.#copied.add(p);
		this.#continuations = matched
			.map((p) => p + 1)
			.filter((p) => p < this.#tokens.length && this.#tokens[p] !== BETWEEN_SOURCES && !this.#copied.has(p));
	}

	#add(logits: Float32Array, id: number, amount: number): void {
		const value = logits[id];
		if (value !== undefined && amount !== 0) logits[id] = value + amount;
	}
}
