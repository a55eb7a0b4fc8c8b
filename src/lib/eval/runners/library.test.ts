// The Evaluate view's library runner with the real LibraryChat (prompt, citations, grounding check) over a stand-in
// library worker, a scripted LLM and the fake med-embed.
import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../../inference/client';
import { FakeEngine, SCENARIOS } from '../../inference/testing/fakeEngine';
import { loopbackPort } from '../../inference/testing/loopbackPort';
import { LibraryChat } from '../../library/libraryChat.svelte';
import { LibraryClient } from '../../library/libraryClient';
import type { Hit } from '../../library/retriever';
import { fakeHit, fakeLibraryPort, MISSING_LIBRARY } from '../../library/testing/fakeLibraryPort';
import type { OpenQaItem } from '../schema';
import { llmLibraryRunner } from './library';
import { fakeClient } from './testing';

const HITS = [fakeHit(1, 'Asthma', 'Asthma causes wheezing. It narrows the airways.'), fakeHit(2, 'Gout', 'Gout affects the big toe.')];
const ITEMS: OpenQaItem[] = [
	{ id: 'q1', task: 'openqa', question: 'What are the symptoms of asthma?', answer: 'Asthma causes wheezing and coughing.' },
	{ id: 'q2', task: 'openqa', question: 'What is gout?', answer: 'Gout is a kind of arthritis.' }
];

function setup(hits: Hit[] | null, reply: (prompt: string) => string) {
	const searches: string[] = [];
	const library = new LibraryChat(
		new LibraryClient(() => fakeLibraryPort(hits, searches)),
		() => new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy)))
	);
	const client = fakeClient((input) => {
		if (input.kind !== 'generate') throw new Error(`unexpected ${input.kind}`);
		return { kind: 'generate', text: reply(input.messages.at(-1)?.content ?? '') };
	});
	const runner = llmLibraryRunner(library).create({
		client,
		modelId: 'bedside/med-lm-2',
		setId: 'medquad_library',
		seed: 1,
		setItems: ITEMS
	});
	return { runner, client, searches };
}

describe('llmLibraryRunner', () => {
	it('answers each question from the retrieved passages, strips the markers, and scores support and citing', async () => {
		// Cites passage 1 with its own first sentence for the asthma question; no citation for gout.
		const { runner, client, searches } = setup(HITS, (prompt) =>
			prompt.includes('asthma') ? 'Asthma causes wheezing. [1]' : 'I do not know.'
		);
		const outcomes = await runner.predict(ITEMS);
		expect(searches).toEqual(ITEMS.map((item) => item.question));
		const prompt = client.calls[0]?.kind === 'generate' ? client.calls[0].messages.at(-1)?.content : '';
		expect(prompt).toContain('[1] Asthma causes wheezing. It narrows the airways.');
		expect(prompt).toContain('[2] Gout affects the big toe.');
		// The answer leans on the whole passages (copy bias), not on the prompt's cut of them.
		const copy = client.calls[0]?.kind === 'generate' ? client.calls[0].copyFrom : undefined;
		expect(copy?.texts).toEqual(HITS.map((h) => h.passage.text));
		expect(outcomes.map((o) => o.prediction)).toEqual(['Asthma causes wheezing.', 'I do not know.']);
		// The fake med-embed gives equal texts equal vectors: the cited sentence is passage 1's own, so supported.
		expect(outcomes[0]?.extra).toEqual({ supported_share: 1, cites_passages: 1 });
		expect(outcomes[1]?.extra?.cites_passages).toBe(0);
	});

	it('scores a question without passages 0, and fails the job with the reason when the library cannot be opened', async () => {
		const empty = setup([], () => 'never asked');
		expect(await empty.runner.predict(ITEMS.slice(0, 1))).toEqual([{ prediction: '', extra: { supported_share: 0, cites_passages: 0 } }]);
		expect(empty.client.calls).toHaveLength(0);
		const missing = setup(null, () => 'never asked');
		await expect(missing.runner.predict(ITEMS.slice(0, 1))).rejects.toThrow(`The library could not be opened: ${MISSING_LIBRARY}`);
	});
});
