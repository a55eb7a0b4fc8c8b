// The compare analysis on Bedside's real NER and embedding models (Node, onnxruntime-node): every library
// example's key entities are found, and every fixture answer's unsupported sentence is flagged while its
// supported one is not. This is what the e2e test checks in the browser, minus the browser.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLINICAL_EXAMPLES, findExample } from '../../clinical/library';
import { FIXTURE_ANSWERS } from '../../clinical/libraryFixtures';
import type { LoadCallbacks } from '../../inference/engine';
import type { BackendChoice } from '../../inference/runtime';
import { TransformersEngine } from '../../inference/transformersEngine';
import { catalogueModel } from '../../models/catalogue';
import { analyseWithEmbeddings, extractEntities, groundWithModels } from './analysis';
import type { InferClient } from '../../inference/capabilities';

const ROOT = join(import.meta.dirname, '../../../..');
const callbacks: LoadCallbacks = { onProgress: () => {}, onPhase: () => {}, onNotice: () => {} };
const cpu = { device: 'cpu', dtype: 'q8', threads: 1, reason: 'test' } as unknown as BackendChoice;
const ids = { ner: 'bedside/ner-bc5cdr', embed: 'bedside/med-embed' };

async function realClient(): Promise<InferClient> {
	const engine = new TransformersEngine({ mjs: '', wasm: '' }, join(ROOT, 'models/'), true);
	await engine.load(catalogueModel(ids.ner), cpu, callbacks);
	await engine.load(catalogueModel(ids.embed), cpu, callbacks);
	return {
		async infer(modelId, input) {
			const start = performance.now();
			const output = await engine.infer(modelId, input);
			return { output, ms: performance.now() - start };
		}
	};
}

describe('compare analysis with the real models', () => {
	it('finds key entities of the library examples as spans of the note', { timeout: 120_000 }, async () => {
		const client = await realClient();
		const found = new Map<string, string[]>();
		for (const example of CLINICAL_EXAMPLES) {
			const { entities } = await extractEntities(client, ids.ner, example.note);
			for (const e of entities) expect(example.note.slice(e.start, e.end)).toBe(e.text);
			const keys = example.keyEntities.filter((k) =>
				entities.some((e) => e.type === k.type && e.text.toLowerCase() === k.text.toLowerCase())
			);
			found.set(
				example.id,
				keys.map((k) => `${k.type}:${k.text}`)
			);
		}
		// Every example shows at least one key entity; the e2e example shows a drug and a disease.
		for (const [id, keys] of found) expect({ id, some: keys.length > 0 }).toEqual({ id, some: true });
		expect(found.get('interaction-warfarin')).toEqual(expect.arrayContaining(['Chemical:warfarin', 'Disease:atrial fibrillation']));
		const withBoth = [...found.values()].filter((k) => k.some((x) => x.startsWith('Chemical')) && k.some((x) => x.startsWith('Disease')));
		expect(withBoth.length).toBeGreaterThanOrEqual(11);
	});

	it("flags each fixture answer's unsupported sentence and not its supported one", { timeout: 120_000 }, async () => {
		const client = await realClient();
		for (const fixture of FIXTURE_ANSWERS) {
			const example = findExample(fixture.exampleId)!;
			const ner = await extractEntities(client, ids.ner, example.note);
			const analysis = await analyseWithEmbeddings(client, ids.embed, {
				note: example.note,
				question: example.question,
				labels: example.labels ?? []
			});
			expect(analysis.qa && example.note.slice(analysis.qa.start, analysis.qa.end)).toBe(analysis.qa?.text);
			expect(analysis.labels.length).toBe((example.labels ?? []).length);
			const run = await groundWithModels(
				client,
				ids,
				{ text: example.note, sentences: analysis.noteSentences, vectors: analysis.noteVectors, entities: ner.entities },
				fixture.answer
			);
			const bySentence = new Map(run.flags.map((f) => [f.sentence.text, f]));
			const supported = bySentence.get(fixture.supportedSentence);
			const unsupported = bySentence.get(fixture.unsupportedSentence);
			expect({ id: fixture.exampleId, status: supported?.status, reasons: supported?.reasons }).toEqual({
				id: fixture.exampleId,
				status: 'supported',
				reasons: []
			});
			expect({ id: fixture.exampleId, status: unsupported?.status }).toEqual({ id: fixture.exampleId, status: 'unsupported' });
		}
	});
});
