import { describe, expect, it } from 'vitest';
import { findExample } from '../../clinical/library';
import { findFixtureAnswer } from '../../clinical/libraryFixtures';
import { serializeCompareResult } from '../../clinical/result';
import { InferenceClient } from '../../inference/client';
import { FakeEngine, SCENARIOS, type Scenario } from '../../inference/testing/fakeEngine';
import { loopbackPort } from '../../inference/testing/loopbackPort';
import { CompareSession, DEFAULT_COMPARE_MODELS, DEFAULT_LIGHT_BACKEND, type RunRequest } from './compareSession.svelte';

const example = findExample('interaction-warfarin')!;

function setup(llm: Scenario = SCENARIOS.happy, light: Scenario = SCENARIOS.happy) {
	const llmEngine = new FakeEngine(llm);
	const lightEngine = new FakeEngine(light);
	const ports: ReturnType<typeof loopbackPort>[] = [];
	const port = (engine: FakeEngine) => () => {
		const p = loopbackPort(engine);
		ports.push(p);
		return p;
	};
	const session = new CompareSession(new InferenceClient(port(llmEngine)), new InferenceClient(port(lightEngine)), {
		watchMemory: (report) => report({ bytes: 1234, scope: 'page JS heap' })
	});
	return { session, llmEngine, lightEngine, ports };
}

function request(overrides: Partial<RunRequest> = {}): RunRequest {
	return {
		inputs: { note: example.note, question: example.question, exampleId: example.id, labels: [...(example.labels ?? [])] },
		ids: { ...DEFAULT_COMPARE_MODELS },
		llmBackend: { device: 'auto', threads: 0 },
		lightBackend: DEFAULT_LIGHT_BACKEND,
		generation: { maxNewTokens: 16, temperature: 0 },
		...overrides
	};
}

describe('CompareSession', () => {
	it('runs the LLM and the lightweight models on their own clients, then grounds the answer', async () => {
		const { session, llmEngine, lightEngine } = setup();
		await session.run(request());
		const { light, llm, grounding } = session.view;
		expect(llm.answer).toBe('The patient should rest.');
		expect(llm.source).toBe('model');
		expect(llmEngine.prompts[0]?.[0]?.content).toContain(example.note.trim());
		expect([...lightEngine.loaded.keys()].sort()).toEqual(['bedside/med-embed', 'bedside/ner-bc5cdr']);
		expect([...llmEngine.loaded.keys()]).toEqual(['bedside/med-lm']);
		expect(light.phase).toBe('done');
		expect(light.ner?.entities.map((e) => e.text)).toContain('warfarin');
		expect(light.labels.map((l) => l.label).sort()).toEqual(['emergent', 'routine', 'urgent']);
		expect(light.qa && example.note.slice(light.qa.start, light.qa.end)).toBe(light.qa?.text);
		expect(light.closest.length).toBeGreaterThan(0);
		expect(grounding.phase).toBe('done');
		expect(grounding.flags.map((f) => f.sentence.text)).toEqual(['The patient should rest.']);
	});

	it('grounds a fixture answer without running the LLM and reuses the note analysis', async () => {
		const { session, llmEngine, lightEngine } = setup();
		await session.run(request());
		const inferCalls = lightEngine.inferred.length;
		const fixture = findFixtureAnswer(example.id)!;
		await session.run(request({ fixtureAnswer: fixture.answer }));
		expect(llmEngine.prompts).toHaveLength(1);
		expect(session.view.llm.source).toBe('fixture');
		expect(session.view.grounding.flags).toHaveLength(2);
		// Only the grounding ran again (NER and embeddings of the answer), not the note analysis.
		expect(lightEngine.inferred.length - inferCalls).toBe(2);
		// The fake NER tags "phenytoin" (-in) as a drug; the note never names it.
		const unsupported = session.view.grounding.flags.find((f) => f.sentence.text === fixture.unsupportedSentence);
		expect(unsupported?.status).toBe('unsupported');
		expect(unsupported?.reasons.some((r) => r.kind === 'entity-not-in-note' && r.entity === 'phenytoin')).toBe(true);
	});

	it('builds a CompareResult that round-trips through JSON', async () => {
		const { session } = setup();
		await session.run(request());
		const result = session.result(new Date('2026-01-02T03:04:05Z'))!;
		expect(result.runs.map((r) => [r.modelId, r.task])).toEqual([
			['bedside/med-lm', 'generate'],
			['bedside/ner-bc5cdr', 'ner'],
			['bedside/med-embed', 'classify'],
			['bedside/med-embed', 'qa'],
			['bedside/med-embed', 'similar-sentences']
		]);
		expect(result.runs.every((r) => r.kind === 'bedside-own' && r.device === 'wasm' && r.loadMs !== null)).toBe(true);
		expect(result.runs[1]?.timings.perSentenceMs).toBeGreaterThanOrEqual(0);
		expect(result.runs[0]?.memoryBytes).toBe(1234);
		expect(result.grounding?.flags).toHaveLength(1);
		expect(result.answer).toEqual({ source: 'model', text: 'The patient should rest.' });
		expect(JSON.parse(serializeCompareResult(result))).toEqual(result);
	});

	it('a missing lightweight model shows its fix while the LLM still answers', async () => {
		const { session } = setup(SCENARIOS.happy, SCENARIOS.missingFile);
		await session.run(request());
		expect(session.view.light.phase).toBe('error');
		expect(session.view.light.error?.code).toBe('model_file_missing');
		expect(session.view.llm.answer).toBe('The patient should rest.');
		expect(session.view.grounding.phase).toBe('idle');
		expect(session.result()?.runs.find((r) => r.task === 'ner')?.error?.code).toBe('model_file_missing');
	});

	it('lightweight results do not wait for a slow LLM', async () => {
		const { session } = setup(SCENARIOS.slow);
		const running = session.run(request({ generation: { maxNewTokens: 200, temperature: 0 } }));
		while (session.view.light.phase !== 'done') await new Promise((r) => setTimeout(r, 5));
		expect(session.view.llm.phase).toBe('running');
		await session.stop();
		await running;
		expect(session.view.llm.stats?.isInterrupted).toBe(true);
		expect(session.view.grounding.phase).toBe('done');
	});

	it('can run the lightweight models alone', async () => {
		const { session, llmEngine } = setup();
		await session.run(request({ skipLlm: true }));
		expect(llmEngine.loaded.size).toBe(0);
		expect(session.view.llm.phase).toBe('idle');
		expect(session.view.light.phase).toBe('done');
		expect(session.view.light.embedTexts).toBe(2 + 4 + 3);
		expect(session.view.grounding.phase).toBe('idle');
		expect(session.result()?.runs.some((r) => r.task === 'generate')).toBe(false);
	});

	it('refuses an empty note with a clear message', async () => {
		const { session } = setup();
		const inputs = { note: '  ', question: 'q', exampleId: null, labels: [] };
		await expect(session.run(request({ inputs }))).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/note/) });
		expect(session.view.inputs).toBeNull();
	});
});

describe('CompareSession and worker crashes', () => {
	it('says when a worker crashes between runs, and the next run loads again and completes', async () => {
		const { session, ports } = setup();
		await session.run(request());
		expect(session.view.light.phase).toBe('done');
		// ports[0] is the LLM worker, ports[1] the lightweight one: kill the lightweight worker while idle.
		ports[1]!.crash('killed');
		expect(session.view.llm.notices.at(-1)).toMatch(/lightweight models’ worker crashed and was restarted/);
		expect(session.view.light.loaded).toEqual({});
		await session.run(request());
		expect(session.view.light.phase).toBe('done');
		expect(session.view.light.ner?.entities.length).toBeGreaterThan(0);
	});
});

describe('CompareSession specialists', () => {
	const note = 'Aspirin increases the effect of warfarin. Apoptosis was seen in the biopsy.';
	const installed = (ids: string[]) => ({ isInstalled: async (entry: { id: string }) => ids.includes(entry.id) });

	function setupWith(ids: string[]) {
		const lightEngine = new FakeEngine(SCENARIOS.happy);
		const session = new CompareSession(
			new InferenceClient(() => loopbackPort(new FakeEngine(SCENARIOS.happy))),
			new InferenceClient(() => loopbackPort(lightEngine)),
			{
				watchMemory: (report) => report(null),
				...installed(ids)
			}
		);
		return { session, lightEngine };
	}
	const run = (session: CompareSession) =>
		session.run(request({ inputs: { note, question: 'Any interaction?', exampleId: null, labels: [] }, skipLlm: true }));

	it('classifies each sentence and each drug pair of one sentence when the specialists are installed', async () => {
		const { session, lightEngine } = setupWith(['bedside/hoc-hallmarks', 'bedside/ddi-relation']);
		await run(session);
		const { hallmarks, interactions, phase } = session.view.light;
		expect(phase).toBe('done');
		expect(hallmarks.phase).toBe('done');
		expect(hallmarks.result?.sentences.map((s) => s.labels.map((l) => l.label))).toEqual([[], ['Resisting cell death']]);
		// The fake NER tags Aspirin and warfarin (-in) as chemicals; the pair is marked in its sentence.
		expect(interactions.result?.pairs.map((p) => [p.first.text, p.second.text, p.label])).toEqual([['Aspirin', 'warfarin', 'effect']]);
		expect(interactions.result?.pairs[0]?.marked).toBe('[E1] Aspirin [/E1] increases the effect of [E2] warfarin [/E2].');
		expect([...lightEngine.loaded.keys()]).toEqual(expect.arrayContaining(['bedside/hoc-hallmarks', 'bedside/ddi-relation']));
		// Both are in the result JSON, and it reads back.
		const result = session.result()!;
		const tasks = result.runs.map((r) => [r.modelId, r.task, r.output?.task ?? null]);
		expect(tasks).toEqual(
			expect.arrayContaining([
				['bedside/hoc-hallmarks', 'hallmarks', 'hallmarks'],
				['bedside/ddi-relation', 'interactions', 'interactions']
			])
		);
		expect(JSON.parse(serializeCompareResult(result))).toEqual(result);
	});

	it('leaves the panels out when the models are not installed, and loads nothing for them', async () => {
		const { session, lightEngine } = setupWith([]);
		await run(session);
		expect(session.view.light.hallmarks.modelId).toBeNull();
		expect(session.view.light.interactions.modelId).toBeNull();
		expect([...lightEngine.loaded.keys()].sort()).toEqual(['bedside/med-embed', 'bedside/ner-bc5cdr']);
	});
});
