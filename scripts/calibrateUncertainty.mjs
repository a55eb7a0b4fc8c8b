#!/usr/bin/env node
// `node scripts/calibrateUncertainty.mjs [--data DIR] [--out FILE]`: learns when Compare's zero-shot labels and
// retrieval answer should say "uncertain" / "no answer found", on dev data only, and writes the thresholds with how
// they were chosen to src/lib/clinical/uncertaintyThresholds.json (read by src/lib/clinical/uncertainty.ts).
// It runs the app's own analysis (analysis.ts: the same sentence split, embeddings, ranking and label cosines) on
// bedside/med-embed natively (Transformers.js on onnxruntime-node, q8, 1 thread).
//
// Labels, two checks (uncertainty.ts):
//   clinical   does the note read like clinical text at all? Its vector's cosine to the mean of clinical dev texts
//              (USMLE vignettes, PubMedQA abstracts, MedQuAD answers) minus its cosine to the mean of generated texts
//              with no clinical content (emoji, lorem ipsum, random words, everyday prose, symbols). Centroids from
//              half of each group; threshold: the smallest score that at most MAX_NONCLINICAL_LABELLED of the other
//              half of the non-clinical texts reach. (A floor on the best label's cosine was the first idea; with
//              med-embed non-clinical texts score higher there than clinical ones, and the file says by how much.)
//   margin     best minus second cosine. Learnt on MedQuAD dev answers whose category is known (the question type,
//              read off the question template), zero-shot against descriptions of those types: the smallest margin
//              above which the labels shown are right at least MIN_PRECISION of the time.
// QA: the best sentence's score (0.75 cosine + 0.25 word overlap, retrieval.ts). PubMedQA and MedQuAD dev questions
// against their own text (answer present) and against another item's text (absent); the threshold is the smallest
// score that at most MAX_FALSE_ANSWERS of the absent pairs reach.
// These are dev figures: they describe the data the thresholds were fitted on, not held-out performance.
import { env, pipeline } from '@huggingface/transformers';
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';
import { REPO_ROOT } from './lib/catalogue.mjs';
import {
	clinicalTexts,
	medquadByType,
	nonClinicalTexts,
	QUESTION_TYPES,
	readJsonl,
	withoutRestatedQuestion
} from './lib/calibrationTexts.mjs';

const { values } = parseArgs({
	options: {
		data: { type: 'string' },
		out: { type: 'string', default: join(REPO_ROOT, 'src', 'lib', 'clinical', 'uncertaintyThresholds.json') },
		seed: { type: 'string', default: '20261201' },
		// Every figure measured, to study the rules without running the model again.
		rows: { type: 'string' }
	}
});
const shared = join(REPO_ROOT, '..', 'shared', 'data');
const DATA = values.data ?? (existsSync(shared) ? shared : join(REPO_ROOT, 'public', 'data'));
const SEED = Number(values.seed);
const EMBED = 'bedside/med-embed';
const MAX_NONCLINICAL_LABELLED = 0.05;
const MIN_PRECISION = 0.8;
const MAX_FALSE_ANSWERS = 0.1;
const NONCLINICAL_PER_KIND = 40;

const load = async (path) => (await runnerImport(join(REPO_ROOT, path))).module;
const { analyseWithEmbeddings } = await load('src/lib/ui/compare/analysis.ts');
const { MAX_TASK_TEXT_CHARS } = await load('src/lib/inference/protocol.ts');
const { NOTE_TYPE_LABELS, SPECIALTY_LABELS, URGENCY_LABELS } = await load('src/lib/clinical/labelSets.ts');
const { clinicalScore, labelEvidence } = await load('src/lib/clinical/uncertainty.ts');

env.allowRemoteModels = false;
env.localModelPath = join(REPO_ROOT, 'public', 'models') + '/';
const embedder = await pipeline('feature-extraction', EMBED, {
	device: 'cpu',
	dtype: 'q8',
	session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 }
});
/** The app's `infer` for embeddings (tasks/pipelines.ts: mean pooling, normalised). */
const infer = async (_id, input) => {
	const start = performance.now();
	const t = await embedder(input.texts, { pooling: 'mean', normalize: true });
	const d = t.dims[1];
	const vectors = Array.from({ length: input.texts.length }, (_, i) => Array.from(t.data.subarray(i * d, (i + 1) * d)));
	return { output: { kind: 'embed', vectors }, ms: performance.now() - start };
};
const analyse = (note, question, labels) => analyseWithEmbeddings(infer, EMBED, { note, question, labels });

const LABEL_SETS = { urgency: URGENCY_LABELS, specialty: SPECIALTY_LABELS, 'note type': NOTE_TYPE_LABELS };
const round = (x) => Number(x.toFixed(4));
const share = (xs, pred) => (xs.length === 0 ? 0 : xs.filter(pred).length / xs.length);

/** Per text: its note vector, and the best-label figures against each shipped label set (scored apart). */
async function labelFigures(texts) {
	const all = Object.values(LABEL_SETS).flat();
	const rows = [];
	for (const [i, t] of texts.entries()) {
		const { labels, noteVector } = await analyse(t.text, '', all);
		const sets = Object.entries(LABEL_SETS).map(([set, defs]) => {
			const names = new Set(defs.map((d) => d.label));
			return { set, ...labelEvidence(labels.filter((l) => names.has(l.label))) };
		});
		rows.push({ kind: t.kind, isFit: i % 2 === 0, vector: noteVector, sets });
		if (i % 100 === 99) console.log(`  labels: ${i + 1}/${texts.length} texts`);
	}
	return rows;
}

/** Smallest candidate t with rate(t) <= limit, where rate falls as t rises; candidates are observed values. */
function smallestWithin(candidates, rate, limit) {
	const sorted = [...new Set(candidates)].sort((a, b) => a - b);
	return sorted.find((t) => rate(t) <= limit) ?? sorted.at(-1);
}

function centroid(vectors) {
	const sum = new Array(vectors[0].length).fill(0);
	for (const v of vectors) v.forEach((x, i) => (sum[i] += x));
	const norm = Math.hypot(...sum);
	return sum.map((x) => round(x / norm));
}

const clinical = clinicalTexts(DATA, MAX_TASK_TEXT_CHARS);
const nonClinical = nonClinicalTexts(NONCLINICAL_PER_KIND, SEED).filter((t) => t.text.length <= MAX_TASK_TEXT_CHARS);
console.log(`labels: ${clinical.length} clinical dev texts, ${nonClinical.length} generated non-clinical texts`);
const clinicalRows = await labelFigures(clinical);
const nonClinicalRows = await labelFigures(nonClinical);
// Centroids from every other text of each group; the threshold and its rates from the remaining half.
const centroids = {
	clinical: centroid(clinicalRows.filter((r) => r.isFit).map((r) => r.vector)),
	nonClinical: centroid(nonClinicalRows.filter((r) => r.isFit).map((r) => r.vector))
};
for (const r of [...clinicalRows, ...nonClinicalRows]) r.clinicalScore = clinicalScore(r.vector, centroids);
const heldClinical = clinicalRows.filter((r) => !r.isFit);
const heldNonClinical = nonClinicalRows.filter((r) => !r.isFit);
const minClinicalScore = smallestWithin(
	heldNonClinical.map((r) => r.clinicalScore + 1e-6),
	(t) => share(heldNonClinical, (r) => r.clinicalScore >= t),
	MAX_NONCLINICAL_LABELLED
);
const byKind = (rows, pass) =>
	Object.fromEntries(
		[...new Set(rows.map((r) => r.kind))].map((k) => [
			k,
			round(
				share(
					rows.filter((r) => r.kind === k),
					pass
				)
			)
		])
	);
const isClinical = (r) => r.clinicalScore >= minClinicalScore;

// Why no floor on the best label's cosine: the same rule on that figure, per (text, label set) pair.
const pairs = (rows) => rows.flatMap((r) => r.sets.map((x) => ({ kind: r.kind, topCosine: x.topCosine })));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor = smallestWithin(
	pairs(nonClinicalRows).map((r) => r.topCosine + 1e-6),
	(t) => share(pairs(nonClinicalRows), (r) => r.topCosine >= t),
	MAX_NONCLINICAL_LABELLED
);

// Margin: zero-shot question type of MedQuAD answers.
const typed = medquadByType(DATA);
const typeLabels = QUESTION_TYPES.map(({ label, description }) => ({ label, description }));
const typedRows = [];
for (const item of typed) {
	const { labels } = await analyse(item.text, '', typeLabels);
	const ev = labelEvidence(labels);
	typedRows.push({ ...ev, isRight: labels[0]?.label === item.category });
}
const accuracyAbove = (m) => {
	const shown = typedRows.filter((r) => r.margin >= m);
	return shown.length === 0 ? 1 : share(shown, (r) => r.isRight);
};
const minMargin = smallestWithin(
	typedRows.map((r) => r.margin),
	(m) => 1 - accuracyAbove(m),
	1 - MIN_PRECISION
);
const shownAt = (m) => typedRows.filter((r) => r.margin >= m);

// QA: own text vs another item's text.
const qaItems = [
	...readJsonl(join(DATA, 'pubmedqa', 'dev.jsonl')).map((x) => ({ set: 'pubmedqa', question: x.question, text: x.context })),
	...readJsonl(join(DATA, 'medquad', 'dev.jsonl')).map((x) => ({
		set: 'medquad',
		question: x.question,
		text: withoutRestatedQuestion(x.answer)
	}))
].filter((x) => x.text.length <= MAX_TASK_TEXT_CHARS);
const qaRows = [];
for (const [i, item] of qaItems.entries()) {
	// Another item of the same set, a fixed offset away: same kind of text, not about this question.
	const sameSet = qaItems.filter((x) => x.set === item.set);
	const other = sameSet[(sameSet.indexOf(item) + 37) % sameSet.length];
	const own = await analyse(item.text, item.question, []);
	const foreign = await analyse(other.text, item.question, []);
	qaRows.push({ set: item.set, isPresent: true, score: own.qa?.score ?? 0 });
	qaRows.push({ set: item.set, isPresent: false, score: foreign.qa?.score ?? 0 });
	if (i % 100 === 99) console.log(`  qa: ${i + 1}/${qaItems.length} items`);
}
const absent = qaRows.filter((r) => !r.isPresent);
const present = qaRows.filter((r) => r.isPresent);
const minScore = smallestWithin(
	absent.map((r) => r.score + 1e-6),
	(t) => share(absent, (r) => r.score >= t),
	MAX_FALSE_ANSWERS
);
const rateBySet = (rows, t) =>
	Object.fromEntries(
		['pubmedqa', 'medquad'].map((s) => [
			s,
			round(
				share(
					rows.filter((r) => r.set === s),
					(r) => r.score >= t
				)
			)
		])
	);

const result = {
	about:
		'Written by scripts/calibrateUncertainty.mjs; read by src/lib/clinical/uncertainty.ts. Dev figures: they describe the data the thresholds were fitted on, not held-out performance.',
	model: EMBED,
	backend: 'native onnxruntime-node, q8, 1 thread; the app analysis (src/lib/ui/compare/analysis.ts)',
	data: relative(REPO_ROOT, DATA),
	labels: {
		minClinicalScore: round(minClinicalScore),
		minMargin: round(minMargin),
		clinical: {
			feature:
				'cosine of the note vector to the clinical centroid minus cosine to the non-clinical centroid (uncertainty.ts clinicalScore)',
			rule: `centroids from every other text of each group; threshold: the smallest score that at most ${MAX_NONCLINICAL_LABELLED * 100}% of the other half of the non-clinical texts reach`,
			data: `${clinical.length} clinical dev texts (medqa_usmle4 questions, pubmedqa contexts, medquad answers, up to ${MAX_TASK_TEXT_CHARS} characters) vs ${nonClinical.length} generated non-clinical texts (${NONCLINICAL_PER_KIND} each: emoji, lorem ipsum, random words, everyday prose, symbols; seed ${SEED}; scripts/lib/calibrationTexts.mjs)`,
			n: {
				centroids: clinicalRows.length - heldClinical.length + nonClinicalRows.length - heldNonClinical.length,
				threshold: heldClinical.length + heldNonClinical.length
			},
			passedNonClinical: byKind(heldNonClinical, isClinical),
			passedClinical: byKind(heldClinical, isClinical)
		},
		noCosineFloor: {
			why: 'with med-embed, texts with no clinical content sit closer to the label descriptions than clinical texts do, so a floor on the best label cosine cannot tell them apart',
			medianBestCosine: {
				clinical: round(median(pairs(clinicalRows).map((r) => r.topCosine))),
				nonClinical: round(median(pairs(nonClinicalRows).map((r) => r.topCosine)))
			},
			floorAtSameRule: round(floor),
			clinicalPairsAboveThatFloor: round(share(pairs(clinicalRows), (r) => r.topCosine >= floor))
		},
		margin: {
			rule: `smallest cosine margin (best minus second label) above which the best label is right at least ${MIN_PRECISION * 100}% of the time`,
			data: `medquad dev answers (restated question removed) with their question type as the known category, zero-shot against ${QUESTION_TYPES.length} type descriptions (scripts/lib/calibrationTexts.mjs)`,
			n: typedRows.length,
			accuracyAll: round(share(typedRows, (r) => r.isRight)),
			shownShare: round(shownAt(minMargin).length / typedRows.length),
			accuracyShown: round(accuracyAbove(minMargin))
		},
		centroids
	},
	qa: {
		minScore: round(minScore),
		rule: `smallest best-sentence score that at most ${MAX_FALSE_ANSWERS * 100}% of the answer-absent pairs reach`,
		data: "pubmedqa dev questions with their own abstract (present) or another item's (absent); medquad dev questions with their own answer, restated question removed (present) or another item's (absent)",
		n: { present: present.length, absent: absent.length },
		answeredWhenPresent: rateBySet(present, minScore),
		answeredWhenAbsent: rateBySet(absent, minScore)
	}
};
writeFileSync(values.out, JSON.stringify(result, null, '\t') + '\n');
if (values.rows) writeFileSync(values.rows, JSON.stringify({ clinicalRows, nonClinicalRows, typedRows, qaRows }));
console.log(JSON.stringify(result, null, 2));
