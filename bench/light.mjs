// Lightweight models for `npm run bench`: bedside/ner-bc5cdr, bedside/med-embed and the specialists (hallmarks of each
// sentence, the interaction type of each drug pair NER found in one sentence) over the prompt library's notes, in the
// browser (the compare view with "Run the LLM" off, WASM, the view's default of 1 thread) and natively (Transformers.js
// on onnxruntime-node, 1 thread), on the same batches. Per-item latency = a note's time / its number of sentences
// (NER, hallmarks), texts (embeddings) or drug pairs (relation); medians over notes (with pairs, for the relation).
// The drug pairs are the ones the compare view marked (read from its table): native rounds before the first browser
// round have none, and the ratio takes the native runs that have them.
import { env, pipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { blockOffOrigin } from '../scripts/lib/browser.mjs';
import { defaultModelIds, readCatalogue, REPO_ROOT } from '../scripts/lib/catalogue.mjs';
import { f, LIGHT_FIGURES, lightRatios, median, spread, TARGETS } from './report.mjs';

const defaults = await defaultModelIds();
/** The compare view runs the first installed model of each specialist role; the bench times the bundled one. */
const bundledWithRole = async (role) =>
	(await readCatalogue()).models.find((m) => m.role === role && m.source?.kind === 'bundled')?.id ?? null;
export const LIGHT_MODELS = {
	ner: defaults.ner,
	embed: defaults.embed,
	hallmarks: await bundledWithRole('hallmarks'),
	relation: await bundledWithRole('relation')
};
const SPECIALISTS = [LIGHT_MODELS.hallmarks, LIGHT_MODELS.relation].filter(Boolean);
/** Texts per call, as the compare view sends them (src/lib/ui/compare/specialists.ts). */
const SPECIALIST_BATCH = 32;
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
		hallmarks: LIGHT_MODELS.hallmarks && {
			modelId: LIGHT_MODELS.hallmarks,
			loadMs: loads.hallmarks ?? null,
			msPerSentence: median(perNote.map((n) => n.hallmarksMs / n.sentences)),
			sentences: perNote.reduce((s, n) => s + n.sentences, 0)
		},
		relation: LIGHT_MODELS.relation && {
			modelId: LIGHT_MODELS.relation,
			loadMs: loads.relation ?? null,
			msPerPair: median(perNote.filter((n) => n.pairs > 0).map((n) => n.relationMs / n.pairs)),
			pairs: perNote.reduce((s, n) => s + (n.pairs ?? 0), 0)
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
		// Done when both models report a new run (the highlighted note interleaves entity badges, so its text is no signal)
		// and the specialists, which run after them on a view reset by the new run, report theirs.
		await page.waitForFunction(
			({ ner, embed, before, specialists }) => {
				const raw = (id) => document.querySelector(`[data-model-id="${id}"]`)?.getAttribute('data-stats') ?? '';
				const ran = (id) => JSON.parse(raw(id) || 'null')?.runMs != null;
				return [ner, embed].every((id, i) => raw(id) !== before[i] && ran(id)) && specialists.every(ran);
			},
			{ ...LIGHT_MODELS, before, specialists: SPECIALISTS },
			{ timeout: 300_000 }
		);
		const ner = await stats(LIGHT_MODELS.ner);
		const embed = await stats(LIGHT_MODELS.embed);
		const hallmarks = LIGHT_MODELS.hallmarks ? await stats(LIGHT_MODELS.hallmarks) : null;
		const relation = LIGHT_MODELS.relation ? await stats(LIGHT_MODELS.relation) : null;
		// The marked sentences the relation classifier read (each pair row's title), for the native side.
		note.marked ??= await page.$$eval('tr[data-pair]', (rows) => rows.map((r) => r.getAttribute('title') ?? ''));
		loads ??= {
			ner: ner.loadMs,
			embed: embed.loadMs,
			hallmarks: hallmarks?.loadMs,
			relation: relation?.loadMs,
			device: ner.device,
			threads: ner.threads
		};
		perNote.push({
			id: note.id,
			sentences: ner.items,
			nerMs: ner.runMs,
			texts: embed.items,
			embedMs: embed.runMs,
			hallmarksMs: hallmarks?.runMs ?? null,
			pairs: relation?.items ?? 0,
			relationMs: relation?.runMs ?? null
		});
	}
	await page.close();
	const backend = `WASM ${loads.threads} thread${loads.threads === 1 ? '' : 's'}`;
	return { ...summarise('browser', backend, loads.threads, loads, perNote, round), offOriginRequests: offOrigin };
}

/** Native: onnxruntime-node with its default session options. */
const NATIVE = {
	side: 'native',
	backend: (threads) => `onnxruntime-node CPU ${threads} thread${threads === 1 ? '' : 's'}`,
	options: (_id, threads) => ({ device: 'cpu', dtype: 'q8', session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 } })
};

/**
 * `variant` (bench/wasmNode.mjs, `--child-light`): the same pipelines on ONNX Runtime Web's WASM build in Node, with
 * the session options the browser's worker uses, as the ceiling of the browser's runtime for these models.
 */
export async function runNativeLight(workload, threads = LIGHT_THREADS, round = 0, variant = NATIVE) {
	env.allowRemoteModels = false;
	env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
	let t0 = performance.now();
	const ner = await pipeline('token-classification', LIGHT_MODELS.ner, variant.options(LIGHT_MODELS.ner, threads));
	await ner(['Hello']);
	const nerLoad = performance.now() - t0;
	t0 = performance.now();
	const embed = await pipeline('feature-extraction', LIGHT_MODELS.embed, variant.options(LIGHT_MODELS.embed, threads));
	await embed(['Hello'], { pooling: 'mean', normalize: true });
	const embedLoad = performance.now() - t0;
	const specialist = async (id) => {
		if (!id) return null;
		const start = performance.now();
		const pipe = await pipeline('text-classification', id, variant.options(id, threads));
		await classify(pipe, ['Hello']);
		return { pipe, loadMs: performance.now() - start };
	};
	const hallmarks = await specialist(LIGHT_MODELS.hallmarks);
	const relation = await specialist(LIGHT_MODELS.relation);
	const perNote = [];
	for (const note of workload) {
		t0 = performance.now();
		await ner(note.sentences);
		const nerMs = performance.now() - t0;
		t0 = performance.now();
		await embed(note.texts, { pooling: 'mean', normalize: true });
		const embedMs = performance.now() - t0;
		const hallmarksMs = hallmarks ? await timed(() => classify(hallmarks.pipe, note.sentences)) : null;
		const pairs = relation && note.marked ? note.marked.length : 0;
		const relationMs = pairs > 0 ? await timed(() => classify(relation.pipe, note.marked)) : null;
		perNote.push({
			id: note.id,
			sentences: note.sentences.length,
			nerMs,
			texts: note.texts.length,
			embedMs,
			hallmarksMs,
			pairs,
			relationMs
		});
	}
	for (const pipe of [ner, embed, hallmarks?.pipe, relation?.pipe]) await pipe?.dispose();
	return summarise(
		variant.side,
		variant.backend(threads),
		threads,
		{ ner: nerLoad, embed: embedLoad, hallmarks: hallmarks?.loadMs, relation: relation?.loadMs },
		perNote,
		round
	);
}

async function timed(run) {
	const start = performance.now();
	await run();
	return performance.now() - start;
}

/** What the app's worker does for a batch of sequences (classifySequences): tokenize padded, run the model. */
async function classify(pipe, texts) {
	for (let start = 0; start < texts.length; start += SPECIALIST_BATCH) {
		const inputs = pipe.tokenizer(texts.slice(start, start + SPECIALIST_BATCH), { padding: true, truncation: true });
		await pipe.model(inputs);
	}
}

const SPECIALIST_FIGURES = Object.entries(LIGHT_FIGURES).filter(([model]) => model === 'hallmarks' || model === 'relation');

/** Target from issue 5: NER at most 20 ms per sentence on WASM; issue 13: the specialists too. */
export const NER_TARGET_MS = 20;

export function lightMarkdown(light) {
	if (!light || light.length === 0) return '';
	const sides = ['browser', 'wasm-node', 'native'].map((side) => light.filter((r) => r.side === side)).filter((rs) => rs.length > 0);
	const rows = sides.flatMap((rs) => {
		const r = rs[0];
		return Object.entries(LIGHT_FIGURES)
			.filter(([model]) => r[model])
			.map(
				([model, { key, unit }]) =>
					`| ${r.side} | ${r.backend} | ${r[model].modelId} | ${rs.length} | ${f(median(rs.map((x) => x[model]?.loadMs)), 0)} | ${f(median(rs.map((x) => x[model]?.[key])), 2)} ms/${unit} |`
			);
	});
	const ratios = lightRatios(light);
	const browserNer = spread(light.filter((r) => r.side === 'browser').map((r) => r.ner.msPerSentence));
	const ratioLine = (name, s) =>
		`${name} ${f(s.median, 2)}x (${f(s.min, 2)}–${f(s.max, 2)}), target ≤ ${TARGETS.light}x: **${s.median <= TARGETS.light ? 'met' : 'not met'}**`;
	const browser = light.filter((r) => r.side === 'browser');
	const specialists = SPECIALIST_FIGURES.filter(([model]) => browser[0]?.[model]);
	const onWasm = ([model, { key, unit }]) => {
		const ms = spread(browser.map((r) => r[model][key])).median;
		return `${browser[0][model].modelId} ${f(ms, 2)} ms per ${unit}, target ≤ ${NER_TARGET_MS} ms: **${ms <= NER_TARGET_MS ? 'met' : 'not met'}**`;
	};
	const lines = [
		`Browser / native latency, median (range) over rounds, each browser run against the mean of the native runs around it: ${[
			ratioLine('NER', ratios.ner),
			ratioLine('embeddings', ratios.embed),
			...specialists.map(([model]) => ratioLine(model, ratios[model]))
		].join('; ')}.`,
		...(ratios.ceiling.rounds.length > 0
			? [
					`Ceiling, ONNX Runtime Web's WASM in Node / native, same rounds: ${[
						ratioLine('NER', ratios.ceiling.ner),
						ratioLine('embeddings', ratios.ceiling.embed),
						...specialists.map(([model]) => ratioLine(model, ratios.ceiling[model]))
					].join('; ')}.`
				]
			: []),
		`NER on WASM: ${f(browserNer.median, 2)} ms per sentence, target ≤ ${NER_TARGET_MS} ms: **${browserNer.median <= NER_TARGET_MS ? 'met' : 'not met'}**.`,
		...(specialists.length > 0 ? [`Specialists on WASM: ${specialists.map(onWasm).join('; ')}.`] : [])
	];
	return `
## Lightweight models (compare view)

The ${light[0].perNote.length} prompt-library notes, split into sentences as the compare view does; NER runs one batch of sentences per
note, embeddings one batch per note (question, note, sentences, label descriptions), the hallmarks specialist the note's
sentences and the relation specialist each drug pair NER found in one sentence (batches of ${SPECIALIST_BATCH}). Latency per sentence (text,
pair) is the note's time divided by their number, median over notes (with pairs, for the relation). Load includes a one-input warm-up. WebGPU is not measured here
(headless Chromium on this machine has no GPU).

| side | backend | model | runs | load ms | latency |
|---|---|---|---|---|---|
${rows.join('\n')}

${lines.join('\n')}
`;
}
