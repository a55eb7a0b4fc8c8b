#!/usr/bin/env node
// Compare's grounding check over its own example library, `npm run eval -- --set compare_examples --model ID[,ID]`
// (scripts/eval.mjs hands the set to this script). Issue 13's target: "on the compare library, most LLM sentences
// supported by the note". For every example of src/lib/clinical/library.ts, the LLM answers the note and question
// as Compare asks it (llmMessages.ts compareRequest: the plain prompt, or for a task-prompt model the note as cited
// passages with copy bias) at the page's default settings (greedy, 96 new tokens), and the answer is checked as
// Compare checks it (analysis.ts groundWithModels: med-embed similarity to the note's sentences and
// ner-bc5cdr entities that must occur in the note). Natively: the app's TransformersEngine on onnxruntime-node, 1
// thread, q8; the page runs the same modules in its workers (e2e/compare.spec.ts).
// Metrics per model: supported_share (per example, the share of its answer sentences flagged supported; mean with a
// bootstrap CI over examples) and answered_share (examples with at least one answer sentence).
// Writes DIR/results.json (rows as npm run eval), results.md and predictions/compare_examples__<model>.json
// (example id -> { answer, sentences: [{ text, status, reasons }] }).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './lib/catalogue.mjs';
import { loadModule } from './lib/libraryNative.mjs';
import { writeResults } from './lib/nativeResults.mjs';

const { values } = parseArgs({
	options: { model: { type: 'string', multiple: true, default: [] }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
	strict: false
});
const SET = 'compare_examples';
const models = values.model
	.flatMap((m) => m.split(','))
	.map((m) => m.trim())
	.filter(Boolean);
const seed = Number(values.seed);
const out = resolve(values.out ?? join('eval-results', `compare-${new Date().toISOString().replace(/[:.]/g, '-')}`));
const IDS = { ner: 'bedside/ner-bc5cdr', embed: 'bedside/med-embed' };

const { CLINICAL_EXAMPLES } = await loadModule('src/lib/clinical/library.ts');
const { TransformersEngine } = await loadModule('src/lib/inference/transformersEngine.ts');
const { catalogueModel } = await loadModule('src/lib/models/catalogue.ts');
const { analyseWithEmbeddings, extractEntities, groundWithModels } = await loadModule('src/lib/ui/compare/analysis.ts');
const { compareRequest, compareAnswerText } = await loadModule('src/lib/ui/compare/llmMessages.ts');
const { DEFAULT_MAX_NEW_TOKENS } = await loadModule('src/lib/state/settings.svelte.ts');
const { meanCi } = await loadModule('src/lib/eval/bootstrap.ts');

const engine = new TransformersEngine({ mjs: '', wasm: '' }, join(REPO_ROOT, 'public', 'models') + '/', true);
const cpu = { device: 'cpu', dtype: 'q8', threads: 1, reason: 'compare eval, native' };
const quietLoad = { onProgress() {}, onPhase() {}, onNotice() {} };
const client = {
	async infer(modelId, input) {
		const start = performance.now();
		const output = await engine.infer(modelId, input);
		return { output, ms: performance.now() - start };
	}
};
await engine.load(catalogueModel(IDS.ner), cpu, quietLoad);
await engine.load(catalogueModel(IDS.embed), cpu, quietLoad);

// The lightweight side's analysis of each note, once: its sentences, their vectors and its entities.
const notes = [];
for (const example of CLINICAL_EXAMPLES) {
	const ner = await extractEntities(client, IDS.ner, example.note);
	const analysis = await analyseWithEmbeddings(client, IDS.embed, { note: example.note, question: example.question, labels: [] });
	notes.push({
		example,
		note: { text: example.note, sentences: analysis.noteSentences, vectors: analysis.noteVectors, entities: ner.entities }
	});
}

const t0 = Date.now();
const rows = [];
const quietStream = { onToken() {}, onText() {}, isStopRequested: () => false };
for (const model of models) {
	const entry = catalogueModel(model);
	await engine.load(entry, cpu, quietLoad);
	const supported = [];
	const answered = [];
	const predictions = {};
	let ms = 0;
	for (const { example, note } of notes) {
		const start = performance.now();
		const request = compareRequest(entry.promptSet, example.note, example.question);
		const options = { maxNewTokens: DEFAULT_MAX_NEW_TOKENS, temperature: 0, ...(request.copyFrom ? { copyFrom: request.copyFrom } : {}) };
		const generated = (await engine.generate({ modelId: model, messages: request.messages, options }, quietStream)).text.trim();
		const answer = compareAnswerText(generated, request);
		ms += performance.now() - start;
		const { flags } = await groundWithModels(client, IDS, note, answer);
		const ok = flags.filter((f) => f.status === 'supported').length;
		answered.push(flags.length > 0 ? 1 : 0);
		supported.push(flags.length > 0 ? ok / flags.length : 0);
		predictions[example.id] = {
			format: request.format,
			generated,
			answer,
			sentences: flags.map((f) => ({ text: f.sentence.text, status: f.status, reasons: f.reasons.map((r) => r.kind) }))
		};
		console.log(`  ${model} ${example.id}: ${ok}/${flags.length} supported`);
	}
	await engine.unload(model);
	const bootstrap = { seed };
	rows.push({
		set: SET,
		task: 'grounding',
		model,
		backend: 'native onnxruntime-node 1t q8',
		n: notes.length,
		seed,
		method: `Compare's prompt and check: greedy, ${DEFAULT_MAX_NEW_TOKENS} new tokens; ${IDS.embed} similarity and ${IDS.ner} entities against the note`,
		metrics: [
			{ name: 'supported_share', ci: meanCi(supported, bootstrap) },
			{ name: 'answered_share', ci: meanCi(answered, bootstrap) }
		],
		latencyMsPerItem: ms / notes.length,
		predictions
	});
}

const predictions = Object.fromEntries(rows.map((r) => [`${SET}__${r.model}`, r.predictions]));
const runs = rows.map(({ predictions: _predictions, ...row }) => row);
const md = writeResults(out, { tool: 'bedside compare eval', seconds: Math.round((Date.now() - t0) / 1000) }, runs, predictions);
console.log(`\n${md}\n\nwritten to ${out} in ${Math.round((Date.now() - t0) / 1000)} s`);
for (const id of Object.values(IDS)) await engine.unload(id);
