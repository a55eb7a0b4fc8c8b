#!/usr/bin/env node
// How strongly a library answer should lean on its passages (src/lib/inference/generation/copyBias.ts), chosen on
// MedQuAD *train* questions, never dev: `node scripts/copyBiasSweep.mjs [--n 100] [--seed 11] [--model ID]
// [--strengths "0,0;12,3;16,4"]`. Each item's own pair is left out of the library (its passages are excluded), so
// the answer must come from other passages, as on dev. Per strength (follow,enter; 0,0 is no bias): ROUGE-L against
// the train answer, the share of answer sentences the passages support (the chat's check), the share of answers
// that cite, and the mean length. Prints a Markdown table; writes nothing.
import { pipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './lib/catalogue.mjs';
import { foldQuestion, loadModule, NATIVE_OPTIONS, openLibrary, readJsonl } from './lib/libraryNative.mjs';

const { values } = parseArgs({
	options: {
		n: { type: 'string', default: '100' },
		seed: { type: 'string', default: '11' },
		model: { type: 'string', default: 'bedside/med-lm-2' },
		strengths: { type: 'string', default: '0,0;12,3;16,4' }
	}
});
const { libraryMessages, libraryCopySources, PROMPT_PASSAGES, LIBRARY_MAX_NEW_TOKENS } =
	await loadModule('src/lib/library/libraryPrompt.ts');
const { ChatGenerator } = await loadModule('src/lib/inference/generation/chatGenerator.ts');
const { stripCitations } = await loadModule('src/lib/library/citations.ts');
const { rougeLF1 } = await loadModule('src/lib/eval/metrics.ts');
const { sampleItems } = await loadModule('src/lib/eval/runners/index.ts');
const { file, retriever, embed, supported, dispose } = await openLibrary();

// The library's documents are the train pairs; their answers are in the shared train split.
const answers = new Map(
	readJsonl(join(REPO_ROOT, '..', 'shared', 'data', 'medquad', 'train.jsonl')).map((x) => [foldQuestion(x.question), x.answer])
);
const items = [];
for (const doc of sampleItems(file.documents, Number(values.n), Number(values.seed))) {
	const answer = answers.get(foldQuestion(doc.question));
	if (!answer) continue;
	const own = foldQuestion(doc.question);
	const [vector] = await embed([doc.question]);
	const hits = retriever.search(doc.question, vector, { k: PROMPT_PASSAGES, isExcluded: (p) => foldQuestion(p.question) === own });
	items.push({ question: doc.question, answer, passages: hits.map((h) => h.passage) });
}
const chat = new ChatGenerator(await pipeline('text-generation', values.model, NATIVE_OPTIONS));
const quiet = { onToken() {}, onText() {}, isStopRequested: () => false };
const mean = (xs) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3);
const rows = [];
for (const strength of values.strengths.split(';')) {
	const [follow, enter] = strength.split(',').map(Number);
	const copy = follow || enter ? (passages) => ({ copyFrom: { ...libraryCopySources(passages), follow, enter } }) : () => ({});
	const r = { rouge: [], supported: [], cites: [], chars: [] };
	for (const item of items) {
		const options = { maxNewTokens: LIBRARY_MAX_NEW_TOKENS, temperature: 0, ...copy(item.passages) };
		const text = (await chat.generate(libraryMessages(item.question, item.passages), options, quiet)).text.trim();
		r.rouge.push(rougeLF1(stripCitations(text), item.answer));
		r.supported.push(
			await supported(
				text,
				item.passages.map((p) => p.text)
			)
		);
		r.cites.push(/\[\d+\]/.test(text) ? 1 : 0);
		r.chars.push(text.length);
	}
	rows.push(`| ${follow} / ${enter} | ${mean(r.rouge)} | ${mean(r.supported)} | ${mean(r.cites)} | ${Math.round(Number(mean(r.chars)))} |`);
	console.log(rows.at(-1));
}
await dispose();
console.log(
	[
		`\n${values.model}, ${items.length} MedQuAD train questions (seed ${values.seed}), own pair left out, top ${PROMPT_PASSAGES} passages, greedy, ${LIBRARY_MAX_NEW_TOKENS} new tokens`,
		'',
		'| follow / enter | ROUGE-L | supported | cites | chars |',
		'|---|---|---|---|---|',
		...rows
	].join('\n')
);
