/**
 * The chat's conversation and the half-typed prompt, saved in this browser's storage as they change (drafts.ts),
 * so a reload, even mid-answer, keeps both. An answer cut off by the reload comes back as far as it had got,
 * marked as such. Nothing here goes into the URL.
 */
import { readDraft, writeDraft } from '../../state/drafts';
import type { Turn } from './chatSession.svelte';

const NAME = 'chat';
const MAX_SAVED_TURNS = 200;

export interface ChatDraft {
	prompt: string;
	turns: Turn[];
}

function isTurn(value: unknown): value is Turn {
	const t = value as Partial<Turn> | null;
	return (
		!!t && typeof t.id === 'number' && typeof t.prompt === 'string' && typeof t.answer === 'string' && typeof t.isStreaming === 'boolean'
	);
}

function isChatDraft(value: unknown): value is ChatDraft {
	const d = value as Partial<ChatDraft> | null;
	return !!d && typeof d.prompt === 'string' && Array.isArray(d.turns) && d.turns.every(isTurn);
}

/** While an answer streams, the draft is written at most this often (it changes on every token). */
const STREAMING_SAVE_MS = 500;
let pending: ChatDraft | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

function flush(): void {
	if (timer !== null) clearTimeout(timer);
	timer = null;
	if (pending) writeDraft(NAME, pending.prompt === '' && pending.turns.length === 0 ? null : pending);
	pending = null;
}

// A reload or a closed tab writes what a streaming answer has got to since the last save.
if (typeof addEventListener === 'function') addEventListener('pagehide', flush);

/**
 * Saves the conversation and the prompt. While an answer streams, writes are spaced STREAMING_SAVE_MS apart:
 * each one serialises every turn into localStorage on the main thread, once per token before.
 */
export function saveChatDraft(prompt: string, turns: readonly Turn[]): void {
	const kept = turns
		.slice(-MAX_SAVED_TURNS)
		.map((t) => ({ ...t, stats: t.stats ? { ...t.stats } : null, error: t.error ? { ...t.error } : null }));
	pending = { prompt, turns: kept };
	if (!kept.some((t) => t.isStreaming)) flush();
	else timer ??= setTimeout(flush, STREAMING_SAVE_MS);
}

/** The saved chat, with answers that were still streaming marked as cut off by the reload. */
export function readChatDraft(): ChatDraft | null {
	const draft = readDraft(NAME, isChatDraft);
	if (!draft) return null;
	const turns = draft.turns.map((t): Turn =>
		t.isStreaming
			? {
					...t,
					isStreaming: false,
					stats: null,
					error: { code: 'cancelled', message: 'The page was reloaded while this answer was being written: it stops here.' }
				}
			: t
	);
	return { prompt: draft.prompt, turns };
}
