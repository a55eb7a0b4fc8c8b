#!/usr/bin/env node
// `npm run library [-- --pin] [--from FILE] [--dest DIR] [--quiet]`: builds the offline medical library into
// public/library/ (git-ignored, served by the app, cached offline by the service worker):
// - library.json: MedQuAD train answers split into passages (question, focus as title, source file) and a
//   MiniSearch index over them. Deterministic; its size and sha256 are pinned in src/lib/library/libraryPin.json,
//   and a build that differs stops (`--pin` rewrites the pin after a deliberate change to passages or index).
// - vectors.bin: bedside/med-embed vectors of every passage, int8, computed with Transformers.js on
//   onnxruntime-node. Floats can differ across CPUs, so its sha256 is recorded in manifest.json by this build (the
//   page verifies the file against it) rather than pinned in the repository.
// A second run with everything in place and verified does nothing. `npm run data` calls this after the data.
import { env, pipeline } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { sha256File, verifyFile } from './lib/files.mjs';
import { DATA_SETS } from './data.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PIN_PATH = join(root, 'src', 'lib', 'library', 'libraryPin.json');
/** The budget for the whole asset, gzip-compressed as served. */
const MAX_COMPRESSED_BYTES = 15 * 1024 ** 2;
const EMBED_BATCH = 32;

const load = async (path) => (await runnerImport(join(root, path))).module;

function parseArgs(argv) {
	const options = { from: null, dest: join(root, 'public', 'library'), pin: false, quiet: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--from') options.from = resolve(argv[++i] ?? '');
		else if (arg === '--dest') options.dest = resolve(argv[++i] ?? '');
		else if (arg === '--pin') options.pin = true;
		else if (arg === '--quiet') options.quiet = true;
		else throw new Error(`unknown option ${arg} (use --from FILE, --dest DIR, --pin, --quiet)`);
	}
	return options;
}

/** MedQuAD train, checked against npm run data's pin: installed copy first, then the shared data directory. */
async function medquadTrain(from) {
	const pin = DATA_SETS.find((s) => s.id === 'medquad').files.train;
	const candidates = from
		? [from]
		: [
				join(root, 'public', 'data', 'medquad', 'train.jsonl'),
				join(process.env.BEDSIDE_DATA_MIRROR ?? join(root, '..', 'shared', 'data'), 'medquad', 'train.jsonl')
			];
	for (const path of candidates) {
		if ((await verifyFile(path, pin)).ok) return { path, sha256: pin.sha256 };
	}
	throw new Error(
		`MedQuAD train (${pin.bytes} bytes, sha256 ${pin.sha256.slice(0, 12)}…) not found or not matching its pin in ${candidates.join(', ')}. Fix: npm run data, or --from FILE.`
	);
}

export async function buildLibraryFile(trainPath) {
	const { medquadPassages, LIBRARY_LICENSE, LIBRARY_ATTRIBUTION } = await load('src/lib/library/passages.ts');
	const { buildLexicalIndex } = await load('src/lib/library/lexicalIndex.ts');
	const { LIBRARY_FORMAT } = await load('src/lib/library/asset.ts');
	const items = (await readFile(trainPath, 'utf8'))
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l));
	const documents = [];
	const passages = [];
	const all = [];
	for (const item of items) {
		const parts = medquadPassages(item);
		if (parts.length === 0) continue;
		documents.push({ id: item.id, question: item.question, title: parts[0].title, source: item.source });
		parts.forEach((p, n) => {
			passages.push([documents.length - 1, n, p.text]);
			all.push(p);
		});
	}
	const index = buildLexicalIndex(all);
	const file = {
		format: LIBRARY_FORMAT,
		license: LIBRARY_LICENSE,
		attribution: LIBRARY_ATTRIBUTION,
		documents,
		passages,
		index: index.toJSON()
	};
	return { text: JSON.stringify(file), passages: all };
}

async function embedPassages(passages, log) {
	env.allowRemoteModels = false;
	env.localModelPath = join(root, 'public', 'models') + '/';
	if (!existsSync(join(root, 'public', 'models', 'bedside', 'med-embed', 'config.json'))) {
		throw new Error('bedside/med-embed is not installed in public/models. Fix: npm run models');
	}
	const embed = await pipeline('feature-extraction', 'bedside/med-embed', { device: 'cpu', dtype: 'q8' });
	const { quantizeInt8 } = await load('src/lib/library/vectorSearch.ts');
	let dim = 0;
	let out = null;
	const t0 = performance.now();
	for (let start = 0; start < passages.length; start += EMBED_BATCH) {
		const batch = passages.slice(start, start + EMBED_BATCH).map((p) => p.text);
		const tensor = await embed(batch, { pooling: 'mean', normalize: true });
		dim = tensor.dims[1];
		out ??= new Int8Array(passages.length * dim);
		const data = tensor.data;
		for (let b = 0; b < batch.length; b++) out.set(quantizeInt8(data.subarray(b * dim, (b + 1) * dim)), (start + b) * dim);
		if ((start / EMBED_BATCH) % 50 === 0)
			log(`  embedded ${start + batch.length} / ${passages.length} passages (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
	}
	await embed.dispose();
	return { data: out, dim };
}

export async function buildLibrary({ from = null, dest = join(root, 'public', 'library'), pin = false, quiet = false } = {}) {
	const log = quiet ? () => {} : (line) => console.log(line);
	const { LIBRARY_FILE, VECTORS_FILE, MANIFEST_FILE, LIBRARY_FORMAT, EMBED_MODEL_ID } = await load('src/lib/library/asset.ts');
	const libraryPin = existsSync(PIN_PATH) ? JSON.parse(await readFile(PIN_PATH, 'utf8')) : null;
	const libraryPath = join(dest, LIBRARY_FILE);
	const vectorsPath = join(dest, VECTORS_FILE);
	const manifestPath = join(dest, MANIFEST_FILE);

	// Already built and intact: nothing to do.
	if (!pin && libraryPin && existsSync(manifestPath)) {
		const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
		const isLibraryOk = manifest.library?.sha256 === libraryPin.sha256 && (await verifyFile(libraryPath, libraryPin)).ok;
		const isVectorsOk = isLibraryOk && (await verifyFile(vectorsPath, manifest.vectors)).ok;
		if (isLibraryOk && isVectorsOk) {
			log(`  ok        library/${LIBRARY_FILE} (pinned) and ${VECTORS_FILE} (sha256 as recorded)`);
			return manifest;
		}
	}

	const train = await medquadTrain(from);
	log(`Library: MedQuAD train ${train.path} -> ${dest}`);
	const { text, passages } = await buildLibraryFile(train.path);
	await mkdir(dest, { recursive: true });
	await writeFile(libraryPath, text);
	const libraryBytes = Buffer.byteLength(text);
	const librarySha = await sha256File(libraryPath);
	if (pin || !libraryPin) {
		await writeFile(
			PIN_PATH,
			`${JSON.stringify({ file: LIBRARY_FILE, bytes: libraryBytes, sha256: librarySha, medquadTrainSha256: train.sha256 }, null, '\t')}\n`
		);
		log(`  pinned    ${LIBRARY_FILE}: ${libraryBytes} bytes, sha256 ${librarySha} (src/lib/library/libraryPin.json)`);
	} else if (libraryPin.sha256 !== librarySha || libraryPin.bytes !== libraryBytes) {
		throw new Error(
			`library/${LIBRARY_FILE} built as ${libraryBytes} bytes, sha256 ${librarySha.slice(0, 12)}…, but the pin says ${libraryPin.bytes} bytes, ${libraryPin.sha256.slice(0, 12)}…. Fix: if passages or index changed on purpose, npm run library -- --pin and commit libraryPin.json.`
		);
	}
	log(`  built     ${LIBRARY_FILE}: ${passages.length} passages, ${(libraryBytes / 1024 ** 2).toFixed(1)} MB, sha256 matches the pin`);

	const vectors = await embedPassages(passages, log);
	await writeFile(vectorsPath, vectors.data);
	const manifest = {
		format: LIBRARY_FORMAT,
		library: { file: LIBRARY_FILE, bytes: libraryBytes, sha256: librarySha, passages: passages.length },
		vectors: {
			file: VECTORS_FILE,
			bytes: vectors.data.byteLength,
			sha256: await sha256File(vectorsPath),
			dim: vectors.dim,
			count: passages.length,
			model: EMBED_MODEL_ID
		}
	};
	await writeFile(manifestPath, `${JSON.stringify(manifest, null, '\t')}\n`);
	const compressed = gzipSync(text).byteLength + gzipSync(vectors.data).byteLength;
	log(`  built     ${VECTORS_FILE}: ${passages.length} x ${vectors.dim} int8; whole asset ${(compressed / 1024 ** 2).toFixed(1)} MB gzip`);
	if (compressed > MAX_COMPRESSED_BYTES)
		throw new Error(`The library is ${(compressed / 1024 ** 2).toFixed(1)} MB compressed, over the 15 MB budget.`);
	return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	buildLibrary(parseArgs(process.argv.slice(2))).catch((err) => {
		console.error(`npm run library: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	});
}
