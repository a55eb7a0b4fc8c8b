import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Turn } from './chatSession.svelte';

const turn = (answer: string, isStreaming: boolean): Turn => ({
	id: 1,
	prompt: 'What is gout?',
	answer,
	stats: null,
	isStreaming,
	error: null
});

describe('saveChatDraft', () => {
	let writes: string[];
	beforeEach(() => {
		vi.useFakeTimers();
		vi.resetModules();
		writes = [];
		const items = new Map<string, string>();
		vi.stubGlobal('localStorage', {
			getItem: (k: string) => items.get(k) ?? null,
			setItem: (k: string, v: string) => (writes.push(v), items.set(k, v)),
			removeItem: (k: string) => items.delete(k),
			key: (i: number) => [...items.keys()][i] ?? null,
			get length() {
				return items.size;
			}
		});
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('writes at once when nothing streams, and at most every 500 ms while an answer streams', async () => {
		const { saveChatDraft, readChatDraft } = await import('./chatDraft');
		saveChatDraft('draft', []);
		expect(writes).toHaveLength(1);
		for (const answer of ['G', 'Go', 'Gou', 'Gout']) saveChatDraft('', [turn(answer, true)]);
		expect(writes).toHaveLength(1);
		vi.advanceTimersByTime(500);
		expect(writes).toHaveLength(2);
		expect(readChatDraft()?.turns[0]?.answer).toBe('Gout');
		saveChatDraft('', [turn('Gout is arthritis.', false)]);
		expect(writes).toHaveLength(3);
		expect(readChatDraft()?.turns[0]).toMatchObject({ answer: 'Gout is arthritis.', isStreaming: false });
	});

	it('a reload mid-answer (pagehide) writes what the answer has got to', async () => {
		const listeners: (() => void)[] = [];
		vi.stubGlobal('addEventListener', (type: string, listener: () => void) => type === 'pagehide' && listeners.push(listener));
		const { saveChatDraft, readChatDraft } = await import('./chatDraft');
		saveChatDraft('', [turn('Gou', true)]);
		saveChatDraft('', [turn('Gout is', true)]);
		for (const listener of listeners) listener();
		expect(readChatDraft()?.turns[0]).toMatchObject({ answer: 'Gout is', error: { code: 'cancelled' } });
	});
});
