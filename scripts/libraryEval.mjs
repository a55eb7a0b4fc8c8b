#!/usr/bin/env node
// The library's evaluation, `npm run eval -- --set medquad_library[,medquad_library_recall] [--n N] [--seed S] [--out DIR]`
// (scripts/eval.mjs hands these sets to this script). It runs natively (Transformers.js on onnxruntime-node) with the
// app's own modules: the same passages, index, vectors, hybrid retriever, prompt, citation parsing and grounding the
// chat uses; the page's chat path is covered by e2e/library.spec.ts.
//
// medquad_library: MedQuAD dev. Leave-one-out holds by construction: dev pairs are not in train (the data build
// removed train pairs whose question equals a dev question), and any library passage whose question equals the
// item's question (case and spaces folded) is excluded anyway; the count excluded is reported. Rows:
//   bedside/med-lm            closed book: the question alone (as the medquad set's llm-generate runner)
//   bedside/med-lm+library    the top 3 passages in the prompt (libraryPrompt.ts, taskPrompts.json), greedy, 96 new tokens,
//                             the answer leaning on the passages (copy bias, src/lib/inference/generation/copyBias.ts)
//   library:hybrid            retrieval alone: the top passage is the answer
//   library:best-of-3 (oracle) a ceiling for answers drawn from the passages: the one closest to the reference
// Metrics: rouge_l (vs the reference answer, markers stripped) and supported_share (share of answer sentences
// supported by the retrieved passages: by the cited ones when the sentence cites, clinical/grounding.ts on med-embed).
// medquad_library_recall: N train items whose own pair IS in the library; recall@1/3/5/10 of that pair's passages for
// library:bm25, library:embed and library:hybrid.
import { pipeline } from '@huggingface/transformers';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultModelIds, REPO_ROOT } from './lib/catalogue.mjs';
import { foldQuestion, loadModule, NATIVE_OPTIONS, openLibrary, readJsonl } from './lib/libraryNative.mjs';
import { writeResults } from './lib/nativeResults.mjs';

const { values } = parseArgs({
	options: {
		set: { type: 'string', multiple: true, default: [] },
		n: { type: 'string', default: '200' },
		seed: { type: 'string', default: '1' },
		out: { type: 'string' },
		model: { type: 'string' }
	},
	strict: false
});
export const LIBRARY_SETS = ['medquad_library', 'medquad_library_recall'];
const sets = values.set
	.flatMap((s) => s.split(','))
	.map((s) => s.trim())
	.filter((s) => LIBRARY_SETS.includes(s));
const n = Number(values.n);
const seed = Number(values.seed);
const out = resolve(values.out ?? join('eval-results', `library-${new Date().toISOString().replace(/[:.]/g, '-')}`));
// --model picks the LM (bedside/med-lm-2 once it is in the catalogue and public/models).
const LM = typeof values.model === 'string' ? values.model : (await defaultModelIds()).llm;
const MAX_NEW_TOKENS = 64;
const KS = [1, 3, 5, 10];

const { libraryMessages, libraryCopySources, PROMPT_PASSAGES, LIBRARY_PROMPT_VERSION, LIBRARY_MAX_NEW_TOKENS } =
	await loadModule('src/lib/library/libraryPrompt.ts');
const { ChatGenerator } = await loadModule('src/lib/inference/generation/chatGenerator.ts');
const { DEFAULT_COPY_STRENGTH } = await loadModule('src/lib/inference/generation/copyBias.ts');
const { stripCitations } = await loadModule('src/lib/library/citations.ts');
const { rougeLF1 } = await loadModule('src/lib/eval/metrics.ts');
const { meanCi } = await loadModule('src/lib/eval/bootstrap.ts');
const { sampleItems } = await loadModule('src/lib/eval/runners/index.ts');

const { manifest, file, passages, retriever, embed, supported, dispose } = await openLibrary();

const rows = [];
const predictions = {};
function addRow(set, model, method, metrics, items, ms) {
	const bootstrap = { seed };
	rows.push({
		set,
		task: 'openqa',
		model,
		backend: 'native onnxruntime-node 1t q8',
		n: items.length,
		seed,
		method,
		promptVersion: LIBRARY_PROMPT_VERSION,
		metrics: Object.entries(metrics).map(([name, scores]) => ({ name, ci: meanCi(scores, bootstrap) })),
		latencyMsPerItem: ms
	});
	const estimate = rows
		.at(-1)
		.metrics.map((m) => `${m.name} ${m.ci.estimate.toFixed(3)} [${m.ci.lower.toFixed(3)}, ${m.ci.upper.toFixed(3)}]`)
		.join(', ');
	console.log(`  ${set} | ${model}: ${estimate} (n=${items.length}, ${ms.toFixed(0)} ms/item)`);
}

const grounded = (answer, hits) =>
	supported(
		answer,
		hits.map((h) => h.passage.text)
	);

async function libraryDev() {
	const set = 'medquad_library';
	const items = sampleItems(readJsonl(join(REPO_ROOT, 'public', 'data', 'medquad', 'dev.jsonl')), n, seed);
	const generator = await pipeline('text-generation', LM, NATIVE_OPTIONS);
	// The app's own generation (chat template, decode loop, copy bias), as the chat and the Evaluate tab run it.
	const chat = new ChatGenerator(generator);
	const quiet = { onToken() {}, onText() {}, isStopRequested: () => false };
	const generate = async (messages, maxNewTokens = MAX_NEW_TOKENS, copyFrom = undefined) =>
		(await chat.generate(messages, { maxNewTokens, temperature: 0, ...(copyFrom ? { copyFrom } : {}) }, quiet)).text.trim();
	const runs = {
		closed: { rouge_l: [], supported_share: [], ms: 0, preds: {} },
		library: { rouge_l: [], supported_share: [], cited_share: [], ms: 0, preds: {} },
		retrieval: { rouge_l: [], supported_share: [], ms: 0, preds: {} },
		oracle: { rouge_l: [], ms: 0 }
	};
	let excluded = 0;
	for (const [i, item] of items.entries()) {
		const own = foldQuestion(item.question);
		const isExcluded = (p) => foldQuestion(p.question) === own;
		excluded += passages.filter(isExcluded).length;
		let t0 = performance.now();
		const [queryVector] = await embed([item.question]);
		const hits = retriever.search(item.question, queryVector, { k: PROMPT_PASSAGES, isExcluded });
		const retrievalMs = performance.now() - t0;
		const top = hits[0]?.passage.text ?? '';
		runs.retrieval.rouge_l.push(rougeLF1(top, item.answer));
		runs.retrieval.supported_share.push(await grounded(top, hits));
		runs.retrieval.ms += retrievalMs;
		runs.retrieval.preds[item.id] = top;
		// A ceiling, not a method: the retrieved passage closest to the reference (chosen with the reference).
		runs.oracle.rouge_l.push(Math.max(0, ...hits.map((h) => rougeLF1(h.passage.text, item.answer))));

		t0 = performance.now();
		const closed = await generate([{ role: 'user', content: item.question }]);
		runs.closed.ms += performance.now() - t0;
		runs.closed.rouge_l.push(rougeLF1(closed, item.answer));
		runs.closed.supported_share.push(await grounded(closed, hits));
		runs.closed.preds[item.id] = closed;

		t0 = performance.now();
		const answer = await generate(
			libraryMessages(
				item.question,
				hits.map((h) => h.passage)
			),
			LIBRARY_MAX_NEW_TOKENS,
			libraryCopySources(hits.map((h) => h.passage))
		);
		runs.library.ms += performance.now() - t0 + retrievalMs;
		runs.library.rouge_l.push(rougeLF1(stripCitations(answer), item.answer));
		runs.library.supported_share.push(await grounded(answer, hits));
		runs.library.cited_share.push(/\[\d+\]/.test(answer) ? 1 : 0);
		runs.library.preds[item.id] = { answer, passages: hits.map((h) => h.passage.id) };
		if (i % 20 === 0) console.log(`  ${i + 1}/${items.length}`);
	}
	await generator.dispose();
	console.log(`  leave-one-out: ${excluded} library passages shared a dev question and were excluded`);
	const per = (r) => r.ms / items.length;
	addRow(
		set,
		LM,
		'closed book: the question alone, greedy, 64 new tokens',
		{ rouge_l: runs.closed.rouge_l, supported_share: runs.closed.supported_share },
		items,
		per(runs.closed)
	);
	addRow(
		set,
		`${LM}+library`,
		`top ${PROMPT_PASSAGES} hybrid passages in the prompt (${LIBRARY_PROMPT_VERSION}), greedy, ${LIBRARY_MAX_NEW_TOKENS} new tokens, copy bias follow ${DEFAULT_COPY_STRENGTH.follow} / enter ${DEFAULT_COPY_STRENGTH.enter}`,
		{ rouge_l: runs.library.rouge_l, supported_share: runs.library.supported_share, cites_passages: runs.library.cited_share },
		items,
		per(runs.library)
	);
	addRow(
		set,
		'library:hybrid',
		'retrieval alone: the top passage (BM25 + med-embed, RRF) is the answer',
		{ rouge_l: runs.retrieval.rouge_l, supported_share: runs.retrieval.supported_share },
		items,
		per(runs.retrieval)
	);
	addRow(
		set,
		'library:best-of-3 (oracle)',
		`ceiling: of the top ${PROMPT_PASSAGES} passages, the one closest to the reference (picked with the reference)`,
		{ rouge_l: runs.oracle.rouge_l },
		items,
		0
	);
	predictions[`${set}__${LM}`] = runs.closed.preds;
	predictions[`${set}__${LM}+library`] = runs.library.preds;
	predictions[`${set}__library:hybrid`] = runs.retrieval.preds;
}

async function recall() {
	const set = 'medquad_library_recall';
	const documents = file.documents;
	const items = sampleItems(documents, n, seed);
	const ranked = { 'library:bm25': [], 'library:embed': [], 'library:hybrid': [] };
	const ms = { 'library:bm25': 0, 'library:embed': 0, 'library:hybrid': 0 };
	const K = Math.max(...KS);
	for (const doc of items) {
		const own = (ids) => ids.findIndex((id) => id.startsWith(`${doc.id}#`));
		let t0 = performance.now();
		const lexical = retriever.lexical(doc.question, K).map((p) => passages[p].id);
		ms['library:bm25'] += performance.now() - t0;
		t0 = performance.now();
		const [v] = await embed([doc.question]);
		const semantic = retriever.semantic(v, K).map((p) => passages[p].id);
		ms['library:embed'] += performance.now() - t0;
		t0 = performance.now();
		const hybrid = retriever.search(doc.question, v, { k: K }).map((h) => h.passage.id);
		ms['library:hybrid'] += performance.now() - t0;
		ranked['library:bm25'].push(own(lexical));
		ranked['library:embed'].push(own(semantic));
		ranked['library:hybrid'].push(own(hybrid));
	}
	for (const [model, ranks] of Object.entries(ranked)) {
		const metrics = Object.fromEntries(KS.map((k) => [`recall_at_${k}`, ranks.map((r) => (r >= 0 && r < k ? 1 : 0))]));
		addRow(
			set,
			model,
			`own pair in the library: is one of its passages in the top k (${model.slice(8)})`,
			metrics,
			items,
			ms[model] / items.length
		);
	}
}

const t0 = Date.now();
console.log(`Library evaluation: ${sets.join(', ')}, n=${n || 'all'}, seed ${seed} -> ${out}`);
if (sets.includes('medquad_library_recall')) await recall();
if (sets.includes('medquad_library')) await libraryDev();
await dispose();
const md = writeResults(
	out,
	{ tool: 'bedside library eval', seconds: Math.round((Date.now() - t0) / 1000), library: manifest },
	rows,
	predictions
);
console.log(`\n${md}\n\nwritten to ${out} in ${Math.round((Date.now() - t0) / 1000)} s`);
