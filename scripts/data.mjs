#!/usr/bin/env node
// `npm run data`: installs the evaluation sets (../shared/data, see its MANIFEST.md) into public/data/, each file
// checked against the size and sha256 pinned below, and writes public/data/index.json (set id, task, license,
// citation, n, file, sha256) for the Eval view and the headless runner.
//
// public/data/ is git-ignored and never part of a distributable build: the sets carry their own licenses
// (ddi2013 is non-commercial, hoc is GPL-3.0). A local `vite build` copies public/ into dist/, so a dist made
// on a machine with the data installed holds it: run `npm run data -- --remove` before building for distribution.
//
// Options: --from DIR (or BEDSIDE_DATA_MIRROR; default ../shared/data), --dest DIR (default public/data),
//          --remove (delete the installed data), --quiet.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyFile } from './lib/files.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One entry per set: its files (split -> pin), task, license and the paper to cite. */
export const DATA_SETS = [
	{
		id: 'pubmedqa',
		task: 'yesno',
		license: 'MIT',
		citation: 'Jin et al. 2019, PubMedQA: A Dataset for Biomedical Research Question Answering (EMNLP)',
		source: 'github pubmedqa/pubmedqa data/ori_pqal.json (PQA-L)',
		files: {
			dev: { bytes: 374199, sha256: '6554ae055638e56093ab2df843e40ceb665b4d550d1bbb67c3d93ceee86a6bd9', n: 200 },
			train: { bytes: 912086, sha256: '1664adef456755de1f085791805275410271436753a1729297097849cc5a3c20', n: 500 }
		}
	},
	{
		id: 'medqa_usmle4',
		task: 'mcq',
		license: 'MIT',
		citation:
			'Jin et al. 2021, What Disease Does This Patient Have? A Large-Scale Open Domain Question Answering Dataset from Medical Exams (Applied Sciences)',
		source: 'MedQA-USMLE 4-option test split via xk-huang/medagents-benchmark',
		files: { dev: { bytes: 201985, sha256: 'eb38696afd3ac7353bf5c18c86c140324e42a5c72f2530ae3da247987d83c7a9', n: 200 } }
	},
	{
		id: 'medmcqa',
		task: 'mcq',
		license: 'Apache-2.0',
		citation: 'Pal et al. 2022, MedMCQA: A Large-scale Multi-Subject Multi-Choice Dataset for Medical domain Question Answering (CHIL)',
		source: 'MedMCQA dev split (single-choice) via xk-huang/medagents-benchmark',
		files: { dev: { bytes: 68334, sha256: '47f208279daf67cad87f0667480915e06f2814163eff4105eca079685fe365a1', n: 200 } }
	},
	{
		id: 'mmlu_medical',
		task: 'mcq',
		license: 'MIT',
		citation: 'Hendrycks et al. 2021, Measuring Massive Multitask Language Understanding (ICLR)',
		source: 'MMLU test split, six medical subjects, via xk-huang/medagents-benchmark',
		files: { dev: { bytes: 126688, sha256: '65898804fcfb76dfd5d30fabaae2675ed3fa82070195a8345707b4682f97f839', n: 200 } }
	},
	{
		id: 'bc5cdr_chem',
		task: 'ner',
		license: 'CC BY 4.0',
		citation: 'Li et al. 2016, BioCreative V CDR task corpus: a resource for chemical disease relation extraction (Database)',
		source: 'cambridgeltl/MTL-Bioinformatics-2016 BC5CDR-chem-IOB/test.tsv',
		files: { dev: { bytes: 94980, sha256: '4c32c9b8ea8c954039ac3ff25d84fa6b96f2c9773a9171a85b3032651e5b6997', n: 200 } }
	},
	{
		id: 'bc5cdr_disease',
		task: 'ner',
		license: 'CC BY 4.0',
		citation: 'Li et al. 2016, BioCreative V CDR task corpus: a resource for chemical disease relation extraction (Database)',
		source: 'cambridgeltl/MTL-Bioinformatics-2016 BC5CDR-disease-IOB/test.tsv',
		files: { dev: { bytes: 96300, sha256: '81eb5f9a9282cb2c94b6b88e2e0f41b0c277188ff18ac8afdcff5ab9e078e560', n: 200 } }
	},
	{
		id: 'ncbi_disease',
		task: 'ner',
		license: 'CC BY 4.0',
		citation: 'Doğan et al. 2014, NCBI disease corpus: a resource for disease name recognition and concept normalization (J Biomed Inform)',
		source: 'cambridgeltl/MTL-Bioinformatics-2016 NCBI-disease-IOB/test.tsv',
		files: { dev: { bytes: 95820, sha256: 'c28dc5ccf838a97d3af4b6bca0cbfe99a4e4c72ee62e43db461193532e1d0aa4', n: 200 } }
	},
	{
		id: 'medquad',
		task: 'openqa',
		license: 'CC BY 4.0',
		citation: 'Ben Abacha and Demner-Fushman 2019, A question-entailment approach to question answering (BMC Bioinformatics)',
		source: 'abachaa/MedQuAD folders 1-9',
		files: {
			dev: { bytes: 168827, sha256: '354670f369962111dbf1387ff0a7026554aafda4bcdaa4c792e3958785c813b8', n: 200 },
			train: { bytes: 8996336, sha256: '7b951edbbd323257efae0a2bdf9d27a5d2dabf20e691d6e6ff089aa9f41d65cf', n: 10533 }
		}
	},
	{
		id: 'hoc',
		task: 'multilabel',
		license: 'GPL-3.0',
		citation:
			'Baker et al. 2016, Automatic semantic classification of scientific literature according to the hallmarks of cancer (Bioinformatics)',
		source: 'sb895/Hallmarks-of-Cancer, BLURB HoC test split, sentence level',
		files: { dev: { bytes: 53819, sha256: 'f650deaff001876da553f8f977a296fc2f5d52b5774659d0fffffd52d21304a5', n: 200 } }
	},
	{
		id: 'ddi2013',
		task: 'relation',
		license: 'CC BY-NC 4.0 (non-commercial use only)',
		citation:
			'Herrero-Zazo et al. 2013, The DDI corpus: An annotated corpus with pharmacological substances and drug-drug interactions (J Biomed Inform)',
		source: 'isegura/DDICorpus, DDIExtraction 2013 test set',
		files: { dev: { bytes: 139425, sha256: '7a532858a347e7a0dc4f4207a831dda803bde130aea17a1d39e99313aa41b530', n: 200 } }
	}
];

function parseArgs(argv) {
	const options = {
		from: process.env.BEDSIDE_DATA_MIRROR ?? join(root, '..', 'shared', 'data'),
		dest: join(root, 'public', 'data'),
		remove: false,
		quiet: false
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--from') options.from = resolve(argv[++i] ?? '');
		else if (arg === '--dest') options.dest = resolve(argv[++i] ?? '');
		else if (arg === '--remove') options.remove = true;
		else if (arg === '--quiet') options.quiet = true;
		else throw new Error(`unknown option ${arg} (use --from DIR, --dest DIR, --remove, --quiet)`);
	}
	return options;
}

/** Installs every pinned file; returns the index written. Throws naming the file and the fix on any mismatch. */
export async function installData({ from, dest, quiet = false }) {
	const log = quiet ? () => {} : (line) => console.log(line);
	const sets = [];
	const problems = [];
	for (const set of DATA_SETS) {
		const splits = {};
		for (const [split, pin] of Object.entries(set.files)) {
			const file = `${set.id}/${split}.jsonl`;
			const target = join(dest, file);
			let check = await verifyFile(target, pin);
			if (!check.ok) {
				const source = join(from, file);
				const sourceCheck = await verifyFile(source, pin);
				if (!sourceCheck.ok) {
					problems.push(`${file}: ${sourceCheck.problem} in ${source}`);
					continue;
				}
				await mkdir(dirname(target), { recursive: true });
				await copyFile(source, target);
				check = await verifyFile(target, pin);
				if (!check.ok) {
					problems.push(`${file}: ${check.problem} after copying to ${target}`);
					continue;
				}
				log(`  installed ${file} (${pin.bytes} bytes, sha256 ok)`);
			} else {
				log(`  ok        ${file}`);
			}
			splits[split] = { file, n: pin.n, bytes: pin.bytes, sha256: pin.sha256 };
		}
		if (splits.dev) sets.push({ id: set.id, task: set.task, license: set.license, citation: set.citation, source: set.source, splits });
	}
	const index = {
		note: 'Evaluation data installed by `npm run data` from ../shared/data. Licenses per set; not for redistribution with the app.',
		sets
	};
	await mkdir(dest, { recursive: true });
	await writeFile(join(dest, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
	if (problems.length > 0) {
		throw new Error(
			`${problems.length} data file(s) could not be installed:\n  ${problems.join('\n  ')}\nFix: point --from (or BEDSIDE_DATA_MIRROR) at a copy of the shared data directory with these files.`
		);
	}
	return index;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.remove) {
		await rm(options.dest, { recursive: true, force: true });
		await rm(join(root, 'public', 'library'), { recursive: true, force: true });
		console.log(`removed ${options.dest} and public/library`);
		return;
	}
	if (!existsSync(options.from) && !existsSync(join(options.dest, 'index.json'))) {
		throw new Error(`no evaluation data at ${options.from}; pass --from DIR or set BEDSIDE_DATA_MIRROR`);
	}
	if (!options.quiet) console.log(`Evaluation data: ${options.from} -> ${options.dest}`);
	const index = await installData(options);
	if (!options.quiet) console.log(`${index.sets.length} sets ready; index at ${join(options.dest, 'index.json')}`);
	// The chat's offline library is built from MedQuAD train (installed just above): see scripts/library.mjs.
	const { buildLibrary } = await import('./library.mjs');
	await buildLibrary({ quiet: options.quiet });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().catch((err) => {
		console.error(`npm run data: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	});
}
