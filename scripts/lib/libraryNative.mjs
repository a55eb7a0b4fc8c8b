// The library, natively (Transformers.js on onnxruntime-node), with the app's own modules: passages, index, vectors
// and hybrid retriever as the library worker holds them, med-embed as the chat embeds with it, and the chat's check
// of answer sentences against passages. Shared by scripts/libraryEval.mjs and scripts/copyBiasSweep.mjs.
import { env, pipeline } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { REPO_ROOT } from './catalogue.mjs';

export const EMBED = 'bedside/med-embed';
/** One thread per session, as the page's lightweight side and the evaluation run. */
export const NATIVE_OPTIONS = { device: 'cpu', dtype: 'q8', session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 } };

/** An app module, loaded through Vite (TypeScript, JSON imports). */
export const loadModule = async (path) => (await runnerImport(join(REPO_ROOT, path))).module;

export const readJsonl = (path) =>
	readFileSync(path, 'utf8')
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l));

/** Questions compared as the leave-one-out filter compares them: case and spaces folded. */
export const foldQuestion = (q) => q.toLowerCase().replace(/\s+/g, ' ').trim();

export async function openLibrary() {
	const { passagesOf, loadIndex } = await loadModule('src/lib/library/asset.ts');
	const { HybridRetriever } = await loadModule('src/lib/library/retriever.ts');
	const { Int8Vectors } = await loadModule('src/lib/library/vectorSearch.ts');
	const { planGrounding, groundLibraryAnswer, supportedShare } = await loadModule('src/lib/library/libraryGrounding.ts');
	const libDir = join(REPO_ROOT, 'public', 'library');
	const manifest = JSON.parse(readFileSync(join(libDir, 'manifest.json'), 'utf8'));
	const file = JSON.parse(readFileSync(join(libDir, 'library.json'), 'utf8'));
	const passages = passagesOf(file);
	const buffer = readFileSync(join(libDir, 'vectors.bin'));
	const vectors = new Int8Vectors(new Int8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), manifest.vectors.dim);
	const retriever = new HybridRetriever(passages, loadIndex(file), vectors);

	env.allowRemoteModels = false;
	env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
	const embedder = await pipeline('feature-extraction', EMBED, NATIVE_OPTIONS);
	const embed = async (texts) => {
		const t = await embedder(texts, { pooling: 'mean', normalize: true });
		return Array.from({ length: texts.length }, (_, i) => Array.from(t.data.subarray(i * t.dims[1], (i + 1) * t.dims[1])));
	};
	/** Share of the answer's sentences the passages support (the cited ones when a sentence cites), as the chat checks. */
	const supported = async (answer, texts) => {
		const plan = planGrounding(answer, texts);
		if (plan.answerSentences.length === 0) return 0;
		const v = await embed([...plan.answerTexts, ...plan.evidence.map((e) => e.text)]);
		return supportedShare(groundLibraryAnswer(plan, v.slice(0, plan.answerTexts.length), v.slice(plan.answerTexts.length), texts));
	};
	return { manifest, file, passages, retriever, embed, supported, dispose: () => embedder.dispose() };
}
