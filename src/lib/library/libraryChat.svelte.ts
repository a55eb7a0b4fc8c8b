/**
 * The chat's "Answer from the library" mode: for each prompt, embed the question with med-embed (inference
 * worker, through InferenceClient), search the library worker, build the prompt from the top passages; after the
 * answer, check each sentence against the passages it cites. Per-turn state lives here, keyed by the chat turn's
 * id, so ChatSession stays unaware of the library.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { GroundingFlag } from '../clinical/grounding';
import type { InferenceClient } from '../inference/client';
import type { ChatMessage, CopySources } from '../inference/protocol';
import { EMBED_MODEL_ID } from './asset';
import type { LibraryClient } from './libraryClient';
import { groundLibraryAnswer, planGrounding } from './libraryGrounding';
import { libraryCopySources, libraryMessages, PROMPT_PASSAGES } from './libraryPrompt';
import type { LibraryInfo } from './libraryProtocol';
import { PersonalLibrary } from './personalLibrary.svelte';
import type { Hit } from './retriever';

/** A library answer ready to generate: the prompt, the passages the answer leans on, and the turn to show. */
export interface PreparedLibraryAnswer {
	messages: ChatMessage[];
	copyFrom: CopySources;
	turn: LibraryTurn;
}

export type LibraryTurnStatus = 'answering' | 'checking' | 'done' | 'error';

export interface LibraryTurn {
	status: LibraryTurnStatus;
	hits: Hit[];
	/** The worker's search alone. */
	searchMs: number;
	/** The whole retrieval as the user waits for it: the query's embedding (med-embed, WASM) and the search. */
	retrievalMs: number;
	/** Set when the grounding check could not run (the answer and passages still show). */
	problem: string | null;
	flags: GroundingFlag[] | null;
}

/** `failure` when the library opened but no passage matched (the evaluation scores such a question 0). */
export const NO_MATCH = 'No passage in the library matches this question.';

/** The lightweight embedding model runs on one WASM thread, beside the LLM's worker. */
const EMBED_PREFERENCE = { device: 'wasm', threads: 1 } as const;

export class LibraryChat {
	readonly turns = new SvelteMap<number, LibraryTurn>();
	info = $state<LibraryInfo | null>(null);
	/** Retrieval in progress for the next turn. */
	isSearching = $state(false);
	error = $state<string | null>(null);
	/** Why the last `prepare` returned null, without the chat's advice (Compare words its own). */
	failure = $state<string | null>(null);
	#embedLoad: Promise<unknown> | null = null;
	#embedder: InferenceClient | null = null;
	/** The user's own documents, searched with the built library. */
	readonly personal: PersonalLibrary;

	/** `createEmbedder` is called on first use: a worker starts only when the library is asked. */
	constructor(
		private readonly library: LibraryClient,
		private readonly createEmbedder: () => InferenceClient
	) {
		this.personal = new PersonalLibrary(library, (texts) => this.#embed(texts));
	}

	async #embed(texts: string[]): Promise<number[][]> {
		if (!this.#embedder) {
			this.#embedder = this.createEmbedder();
			// A crashed (or killed) worker is restarted empty: load med-embed again on next use.
			this.#embedder.onWorkerCrash(() => (this.#embedLoad = null));
		}
		const embedder = this.#embedder;
		this.#embedLoad ??= embedder.load(EMBED_MODEL_ID, EMBED_PREFERENCE).catch((err) => {
			this.#embedLoad = null;
			throw err;
		});
		await this.#embedLoad;
		const { output } = await embedder.infer(EMBED_MODEL_ID, { kind: 'embed', texts });
		if (output.kind !== 'embed') throw new Error('The embedding model answered with the wrong output.');
		return output.vectors;
	}

	/** Retrieves passages for a question and returns the prompt, or null (with `error` set) when it cannot. */
	async prepare(question: string): Promise<PreparedLibraryAnswer | null> {
		this.isSearching = true;
		this.error = null;
		this.failure = null;
		try {
			this.info ??= await this.library.open();
			await this.personal.ready();
			const t0 = performance.now();
			// Without the vectors (missing or corrupt file) BM25 ranks alone; no point embedding the query then.
			const vector = this.info.dim > 0 ? ((await this.#embed([question]))[0] ?? null) : null;
			const { hits, ms } = await this.library.search(question, vector, PROMPT_PASSAGES);
			if (hits.length === 0) {
				this.failure = NO_MATCH;
				this.error =
					'No passage in the library matches this question, so it was not sent. Rephrase it with medical terms, or turn "Answer from the library" off.';
				return null;
			}
			const turn: LibraryTurn = {
				status: 'answering',
				hits,
				searchMs: ms,
				retrievalMs: performance.now() - t0,
				problem: null,
				flags: null
			};
			return {
				messages: libraryMessages(
					question,
					hits.map((h) => h.passage)
				),
				copyFrom: libraryCopySources(hits.map((h) => h.passage)),
				turn
			};
		} catch (err) {
			const reason = err instanceof Error ? err.message : String(err);
			this.failure = this.info === null ? `The library could not be opened: ${reason}` : `The library could not be searched: ${reason}`;
			this.error =
				this.info === null
					? `The library could not be opened, so "Answer from the library" was turned off; press Send to answer without it. ${reason}`
					: `The library could not be searched: ${reason}`;
			return null;
		} finally {
			this.isSearching = false;
		}
	}

	attach(turnId: number, turn: LibraryTurn): void {
		this.turns.set(turnId, turn);
	}

	/** Flags the finished answer's sentences that the cited passages do not support. */
	async check(turnId: number, answer: string): Promise<void> {
		const turn = this.turns.get(turnId);
		if (!turn) return;
		const texts = turn.hits.map((h) => h.passage.text);
		const plan = planGrounding(answer, texts);
		if (plan.answerSentences.length === 0) {
			this.turns.set(turnId, { ...turn, status: 'done' });
			return;
		}
		this.turns.set(turnId, { ...turn, status: 'checking' });
		try {
			const vectors = await this.#embed([...plan.answerTexts, ...plan.evidence.map((e) => e.text)]);
			const flags = groundLibraryAnswer(plan, vectors.slice(0, plan.answerTexts.length), vectors.slice(plan.answerTexts.length), texts);
			this.turns.set(turnId, { ...turn, status: 'done', flags });
		} catch (err) {
			this.turns.set(turnId, {
				...turn,
				status: 'error',
				problem: `The answer could not be checked against the passages: ${err instanceof Error ? err.message : String(err)}`
			});
		}
	}

	dispose(): void {
		this.library.dispose();
		this.#embedder?.dispose();
	}
}
