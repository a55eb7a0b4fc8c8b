// Lightweight models for `npm run bench`: bedside/ner-bc5cdr and bedside/med-embed over the prompt library's
// notes, in the browser (the compare view with "Run the LLM" off, WASM, the view's default of 1 thread) and
// natively (Transformers.js on onnxruntime-node, 1 thread), on the same sentence batches.
// Per-sentence latency = a note's batch time / its number of sentences (NER) or texts (embeddings); medians over notes.
import { env, pipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { blockOffOrigin } from '../scripts/lib/browser.mjs';
import { defaultModelIds, REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { f, lightRatios, median, spread, TARGETS } from './report.mjs';

const defaults = await defaultModelIds();
export const LIGHT_MODELS = { ner: defaults.ner, embed: defaults.embed };
/** The compare view runs the lightweight models with this many WASM threads by default. */
export const LIGHT_THREADS = 1;

/** The notes and the exact batches the compare view sends, from the app's own TypeScript modules. */
export async function lightWorkload() {
	const load = async (path) => (await runnerImport(join(REPO_ROOT, path))).module;
	const { CLINICAL_EXAMPLES } = await load('src/lib/clinical/library.ts');
	const { splitSentences } = await load('src/lib/clinical/sentences.ts');
	const { URGENCY_LABELS } = await load('src/lib/clinical/labelSets.ts');
	return CLINICAL_EXAMPLES.map((example) => {
		const sentences = splitSentences(example.note).map((s) => s.text);
		const labels = example.labels ?? URGENCY_LABELS;
		const texts = [
			example.question.trim() === '' ? example.note : example.question,
			example.note,
			...sentences,
			...labels.map((l) => l.description)
		];
		return { id: example.id, note: example.note, sentences, texts };
	});
}

function summarise(side, backend, threads, loads, perNote, round) {
	return {
		side,
		round,
		backend,
		threads,
		ner: {
			modelId: LIGHT_MODELS.ner,
			loadMs: loads.ner,
			msPerSentence: median(perNote.map((n) => n.nerMs / n.sentences)),
			sentences: perNote.reduce((s, n) => s + n.sentences, 0)
		},
		embed: {
			modelId: LIGHT_MODELS.embed,
			loadMs: loads.embed,
			msPerText: median(perNote.map((n) => n.embedMs / n.texts)),
			texts: perNote.reduce((s, n) => s + n.texts, 0)
		},
		perNote
	};
}

export async function runBrowserLight(browser, base, workload, round = 0) {
	const page = await browser.newPage();
	const offOrigin = await blockOffOrigin(page, base);
	await page.goto(`${base}/?device=wasm#view=compare`);
	await page.getByLabel('Run the LLM').uncheck();
	const stats = async (id) => JSON.parse((await page.getByLabel(`Model stats: ${id}`).getAttribute('data-stats')) ?? 'null');
	const perNote = [];
	let loads = null;
	for (const note of workload) {
		console.log(`  ${note.id}`);
		await page.getByTestId('example-picker').selectOption(note.id);
		const before = await page.evaluate(
			({ ner, embed }) => [ner, embed].map((id) => document.querySelector(`[data-model-id="${id}"]`)?.getAttribute('data-stats') ?? ''),
			LIGHT_MODELS
		);
		await page.getByRole('button', { name: 'Run comparison' }).click();
		// Done when both models report a new run (the highlighted note interleaves entity badges, so its text is no signal).
		await page.waitForFunction(
			({ ner, embed, before }) =>
				[ner, embed].every((id, i) => {
					const raw = document.querySelector(`[data-model-id="${id}"]`)?.getAttribute('data-stats') ?? '';
					return raw !== before[i] && JSON.parse(raw || 'null')?.runMs != null;
				}),
			{ ...LIGHT_MODELS, before },
			{ timeout: 300_000 }
		);
		const ner = await stats(LIGHT_MODELS.ner);
		const embed = await stats(LIGHT_MODELS.embed);
		loads ??= { ner: ner.loadMs, embed: embed.loadMs, device: ner.device, threads: ner.threads };
		perNote.push({ id: note.id, sentences: ner.items, nerMs: ner.runMs, texts: embed.items, embedMs: embed.runMs });
	}
	await page.close();
	const backend = `WASM ${loads.threads} thread${loads.threads === 1 ? '' : 's'}`;
	return { ...summarise('browser', backend, loads.threads, loads, perNote, round), offOriginRequests: offOrigin };
}

export async function runNativeLight(workload, threads = LIGHT_THREADS, round = 0) {
	env.allowRemoteModels = false;
	env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
	const options = { device: 'cpu', dtype: 'q8', session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 } };
	let t0 = performance.now();
	const ner = await pipeline('token-classification', LIGHT_MODELS.ner, options);
	await ner(['Hello']);
	const nerLoad = performance.now() - t0;
	t0 = performance.now();
	const embed = await pipeline('feature-extraction', LIGHT_MODELS.embed, options);
	await embed(['Hello'], { pooling: 'mean', normalize: true });
	const embedLoad = performance.now() - t0;
	const perNote = [];
	for (const note of workload) {
		t0 = performance.now();
		await ner(note.sentences);
		const nerMs = performance.now() - t0;
		t0 = performance.now();
		await embed(note.texts, { pooling: 'mean', normalize: true });
		const embedMs = performance.now() - t0;
		perNote.push({ id: note.id, sentences: note.sentences.length, nerMs, texts: note.texts.length, embedMs });
	}
	await ner.dispose();
	await embed.dispose();
	return summarise(
		'native',
		`onnxruntime-node CPU ${threads} thread${threads === 1 ? '' : 's'}`,
		threads,
		{ ner: nerLoad, embed: embedLoad },
		perNote,
		round
	);
}

/** Target from issue 5: NER at most 20 ms per sentence on WASM. */
export const NER_TARGET_MS = 20;

export function lightMarkdown(light) {
	if (!light || light.length === 0) return '';
	const sides = ['browser', 'native'].map((side) => light.filter((r) => r.side === side)).filter((rs) => rs.length > 0);
	const rows = sides.flatMap((rs) => {
		const r = rs[0];
		return [
			`| ${r.side} | ${r.backend} | ${r.ner.modelId} | ${rs.length} | ${f(median(rs.map((x) => x.ner.loadMs)), 0)} | ${f(median(rs.map((x) => x.ner.msPerSentence)), 2)} ms/sentence |`,
			`| ${r.side} | ${r.backend} | ${r.embed.modelId} | ${rs.length} | ${f(median(rs.map((x) => x.embed.loadMs)), 0)} | ${f(median(rs.map((x) => x.embed.msPerText)), 2)} ms/text |`
		];
	});
	const ratios = lightRatios(light);
	const browserNer = spread(light.filter((r) => r.side === 'browser').map((r) => r.ner.msPerSentence));
	const ratioLine = (name, s) =>
		`${name} ${f(s.median, 2)}x (${f(s.min, 2)}–${f(s.max, 2)}), target ≤ ${TARGETS.light}x: **${s.median <= TARGETS.light ? 'met' : 'not met'}**`;
	const lines = [
		`Browser / native latency, median (range) over rounds, each browser run against the mean of the native runs around it: ${ratioLine('NER', ratios.ner)}; ${ratioLine('embeddings', ratios.embed)}.`,
		`NER on WASM: ${f(browserNer.median, 2)} ms per sentence, target ≤ ${NER_TARGET_MS} ms: **${browserNer.median <= NER_TARGET_MS ? 'met' : 'not met'}**.`
	];
	return `
## Lightweight models (compare view)

The ${light[0].perNote.length} prompt-library notes, split into sentences as the compare view does; NER runs one batch of sentences per
note, embeddings one batch per note (question, note, sentences, label descriptions). Latency per sentence (or text) is the
batch time divided by its size, median over notes. Load includes a one-input warm-up. WebGPU is not measured here
(headless Chromium on this machine has no GPU).

| side | backend | model | runs | load ms | latency |
|---|---|---|---|---|---|
${rows.join('\n')}

${lines.join('\n')}
`;
}
