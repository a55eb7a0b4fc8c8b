/**
 * Compare's second LLM answer, from the library: the chat's "Answer from the library" (LibraryChat: retrieval in
 * the library worker, the question embedded by med-embed in an inference worker, the library_answer prompt, the
 * check of each sentence against the passages it cites) run with Compare's LLM client after the closed-book
 * answer. The note is not in this prompt: it shows what the model says from the passages alone.
 */
import type { InferenceClient } from '../../inference/client';
import type { GenerationOptions } from '../../inference/protocol';
import type { LibraryTurn, PreparedLibraryAnswer } from '../../library/libraryChat.svelte';
import type { LibraryAnswerView } from './compareView';

/** What Compare needs of LibraryChat (an interface, so unit tests can stand in for the library worker). */
export interface LibrarySource {
	/** Why the last `prepare` returned null. */
	readonly failure: string | null;
	prepare(question: string): Promise<PreparedLibraryAnswer | null>;
	attach(turnId: number, turn: LibraryTurn): void;
	check(turnId: number, answer: string): Promise<void>;
	readonly turns: { get(turnId: number): LibraryTurn | undefined };
}

export interface LibraryRun {
	library: LibrarySource;
	llm: InferenceClient;
	/** The reactive view this run fills in. */
	live: LibraryAnswerView;
	/** Keys the turn in LibraryChat: one turn per compare run. */
	turnId: number;
	modelId: string;
	question: string;
	generation: GenerationOptions;
	/** False once a newer run started: this one stops writing. */
	isCurrent: () => boolean;
	/** The LLM run's id while it streams (Stop interrupts it), then null. */
	onRunId: (id: string | null) => void;
}

export async function answerFromLibrary(run: LibraryRun): Promise<void> {
	const { library, live } = run;
	live.phase = 'loading';
	try {
		const prepared = await library.prepare(run.question);
		if (!run.isCurrent()) return;
		if (!prepared) {
			// The closed-book answer above is unaffected; say so, since this message sits under it.
			live.error = `${library.failure ?? 'The library could not be searched.'} The LLM did not answer from the library; the closed-book answer above stands.`;
			live.phase = 'error';
			return;
		}
		library.attach(run.turnId, prepared.turn);
		live.turn = prepared.turn;
		live.phase = 'running';
		live.isStreaming = true;
		const options = { ...run.generation, copyFrom: prepared.copyFrom };
		const generation = run.llm.run(run.modelId, prepared.messages, options, (text, tokens) => {
			live.answer += text;
			live.tokens = tokens;
		});
		run.onRunId(generation.id);
		live.stats = await generation.stats;
		live.isStreaming = false;
		run.onRunId(null);
		if (!run.isCurrent()) return;
		live.turn = { ...prepared.turn, status: 'checking' };
		await library.check(run.turnId, live.answer);
		live.turn = library.turns.get(run.turnId) ?? live.turn;
		live.phase = 'done';
	} catch (err) {
		live.error = err instanceof Error ? err.message : String(err);
		live.phase = 'error';
	} finally {
		live.isStreaming = false;
		run.onRunId(null);
	}
}
