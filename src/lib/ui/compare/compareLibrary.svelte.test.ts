// Compare's "Also answer from the library" with the real LibraryChat (prompt, citations, grounding check) over a
// stand-in library worker that returns two fixed passages, and FakeEngines for the LLM and med-embed.
import { describe, expect, it } from 'vitest';
import { findExample } from '../../clinical/library';
import { serializeCompareResult } from '../../clinical/result';
import { InferenceClient } from '../../inference/client';
import { FakeEngine, SCENARIOS } from '../../inference/testing/fakeEngine';
import { loopbackPort } from '../../inference/testing/loopbackPort';
import { LibraryChat } from '../../library/libraryChat.svelte';
import { LibraryClient } from '../../library/libraryClient';
import type { Hit } from '../../library/retriever';
import { fakeHit, fakeLibraryPort, MISSING_LIBRARY } from '../../library/testing/fakeLibraryPort';
import { CompareSession, DEFAULT_COMPARE_MODELS, DEFAULT_LIGHT_BACKEND, type RunRequest } from './compareSession.svelte';

const found = findExample('interaction-warfarin');
if (!found) throw new Error('The warfarin example is missing from the prompt library.');
const example = found;

const HITS = [fakeHit(1, 'Warfarin', 'The patient should rest.'), fakeHit(2, 'Rest', 'Bleeding is a risk.')];

function setup(hits: Hit[] | null = HITS, llmScenario = SCENARIOS.happy) {
	const llmEngine = new FakeEngine(llmScenario);
	const searches: string[] = [];
	const library = new LibraryChat(
		new LibraryClient(() => fakeLibraryPort(hits, searches)),
		() => new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy)))
	);
	const session = new CompareSession(
		new InferenceClient(() => loopbackPort(llmEngine)),
		new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy))),
		{ watchMemory: (report) => report(null), isInstalled: async () => false, library }
	);
	return { session, llmEngine, searches };
}

function request(overrides: Partial<RunRequest> = {}): RunRequest {
	return {
		inputs: { note: example.note, question: example.question, exampleId: example.id, labels: [] },
		ids: { ...DEFAULT_COMPARE_MODELS },
		llmBackend: { device: 'auto', threads: 0 },
		lightBackend: DEFAULT_LIGHT_BACKEND,
		generation: { maxNewTokens: 16, temperature: 0 },
		withLibrary: true,
		...overrides
	};
}

describe('CompareSession: also answer from the library', () => {
	it('answers closed-book from the note, then from the passages, and checks that answer against them', async () => {
		const { session, llmEngine, searches } = setup();
		await session.run(request());
		const { llm, library, grounding } = session.view;
		expect(llm.answer).toBe('The patient should rest.');
		expect(grounding.phase).toBe('done');
		// Two prompts on the one LLM worker: the note's, then the library's (passages and question, no note).
		expect(llmEngine.prompts).toHaveLength(2);
		expect(searches).toEqual([example.question]);
		const prompt = (llmEngine.prompts[1] ?? []).map((m) => m.content).join('\n');
		expect(prompt).toContain('[1] The patient should rest.');
		expect(prompt).toContain('[2] Bleeding is a risk.');
		expect(prompt).toContain(example.question);
		expect(prompt).not.toContain(example.note.trim().slice(0, 40));
		expect(library?.phase).toBe('done');
		expect(library?.answer).toBe('The patient should rest.');
		expect(library?.turn?.hits.map((h) => h.passage.id)).toEqual(['0000001#0', '0000002#0']);
		// The fake med-embed gives equal texts equal vectors: the sentence is passage 1's, so it is supported.
		expect(library?.turn?.flags?.map((f) => f.status)).toEqual(['supported']);
		expect(session.isRunning).toBe(false);

		const result = session.result();
		if (!result) throw new Error('no result');
		expect(result.library?.text).toBe('The patient should rest.');
		expect(result.library?.passages.map((p) => [p.n, p.title])).toEqual([
			[1, 'Warfarin'],
			[2, 'Rest']
		]);
		expect(result.library?.flags).toHaveLength(1);
		expect(JSON.parse(serializeCompareResult(result))).toEqual(result);
	});

	it('says why when no passage matches, and the closed-book answer stands', async () => {
		const { session, llmEngine } = setup([]);
		await session.run(request());
		expect(session.view.llm.answer).toBe('The patient should rest.');
		expect(llmEngine.prompts).toHaveLength(1);
		expect(session.view.library?.phase).toBe('error');
		expect(session.view.library?.error).toMatch(/No passage in the library matches this question\. .*closed-book answer above stands/);
		expect(session.result()?.library?.error).toMatch(/No passage/);
	});

	it('says the library could not be opened, with the reason, when it was never built', async () => {
		const { session, llmEngine, searches } = setup(null);
		await session.run(request());
		expect(session.view.llm.answer).toBe('The patient should rest.');
		expect(session.view.grounding.phase).toBe('done');
		expect(llmEngine.prompts).toHaveLength(1);
		expect(searches).toEqual([]);
		expect(session.view.library?.phase).toBe('error');
		expect(session.view.library?.error).toBe(
			`The library could not be opened: ${MISSING_LIBRARY} The LLM did not answer from the library; the closed-book answer above stands.`
		);
	});

	it('refuses an empty question with a message, since the library is searched with it', async () => {
		const { session } = setup();
		const inputs = { note: example.note, question: '  ', exampleId: null, labels: [] };
		await expect(session.run(request({ inputs }))).rejects.toMatchObject({
			code: 'bad_input',
			message: expect.stringMatching(/needs a question/)
		});
		// Without the library option the same inputs run (the LLM is asked to summarise).
		expect(CompareSession.check(inputs, { maxNewTokens: 16, temperature: 0 }, true, false)).toBeNull();
	});

	it('does not answer from the library after Stop', async () => {
		const { session, llmEngine } = setup(HITS, SCENARIOS.slow);
		const running = session.run(request({ generation: { maxNewTokens: 200, temperature: 0 } }));
		while (session.view.llm.phase !== 'running' || session.view.llm.tokens === 0) await new Promise((r) => setTimeout(r, 5));
		await session.stop();
		await running;
		expect(session.view.llm.stats?.isInterrupted).toBe(true);
		expect(llmEngine.prompts).toHaveLength(1);
		expect(session.view.library?.error).toMatch(/stopped/);
	});

	it('leaves the library out when the option is off', async () => {
		const { session, searches } = setup();
		await session.run(request({ withLibrary: false }));
		expect(session.view.library).toBeNull();
		expect(searches).toEqual([]);
		expect(session.result()?.library).toBeUndefined();
	});
});
