/**
 * Compare's lightweight side on its own worker: NER, then one embedding batch (labels, QA retrieval, closest
 * sentences), then the specialists that are installed. It fills the reactive view as results come, and returns
 * what grounding needs (kept out of the view: the vectors are large).
 */
import type { EntitySpan } from '../../ner/entities';
import type { CompareInputs } from '../../clinical/result';
import type { RetrievedAnswer } from '../../clinical/retrieval';
import type { Sentence } from '../../clinical/sentences';
import { clinicalScore } from '../../clinical/uncertainty';
import type { InferenceClient } from '../../inference/client';
import type { BackendPreference } from '../../inference/protocol';
import { analyseWithEmbeddings, extractEntities } from './analysis';
import { asInfo, type CompareModelIds, type LightView } from './compareView';
import type { MemoryReading } from './memory';
import { hallmarksOf, installedModelFor, interactionsOf, runSpecialist, type IsInstalled } from './specialists';

/** What grounding needs from the lightweight side. */
export interface NoteAnalysis {
	key: string;
	text: string;
	sentences: Sentence[];
	vectors: number[][];
	entities: EntitySpan[];
}

export interface LightRun {
	client: InferenceClient;
	/** The reactive view this run fills in (already empty). */
	live: LightView;
	/** Identifies the note and settings analysed, so a later run can reuse the analysis. */
	key: string;
	inputs: CompareInputs;
	ids: CompareModelIds;
	backend: BackendPreference;
	isInstalled: IsInstalled;
	watchMemory: (report: (reading: MemoryReading | null) => void) => void;
}

/** Null when a model failed to load or run (the error is in the view). */
export async function analyseNote({
	client,
	live,
	key,
	inputs,
	ids,
	backend,
	isInstalled,
	watchMemory
}: LightRun): Promise<NoteAnalysis | null> {
	live.phase = 'loading';
	live.note = inputs.note;
	live.labelsUsed = inputs.labels.length > 0;
	try {
		// One worker, so these run one after the other; both are small.
		for (const id of [ids.ner, ids.embed]) {
			const loaded = await client.load(id, backend);
			live.loaded = { ...live.loaded, [id]: loaded };
		}
		live.phase = 'running';
		// NER first: entities usually show before the embeddings are done.
		const ner = await extractEntities(client, ids.ner, inputs.note);
		live.ner = ner;
		const analysis = await analyseWithEmbeddings(client, ids.embed, inputs);
		const { ranked: _ranked, ...qa } = analysis.qa ?? { ranked: null };
		live.qa = analysis.qa ? (qa as Omit<RetrievedAnswer, 'ranked'>) : null;
		live.closest = analysis.closest;
		live.labels = analysis.labels;
		live.clinicalScore = clinicalScore(analysis.noteVector);
		live.embedMs = analysis.ms;
		live.embedTexts = analysis.texts;
		const load = (id: string) => client.load(id, backend);
		const sentences = analysis.noteSentences;
		await runSpecialist(live.hallmarks, await installedModelFor('hallmarks', isInstalled), load, (id) =>
			hallmarksOf(client, id, sentences)
		);
		await runSpecialist(live.interactions, await installedModelFor('relation', isInstalled), load, (id) =>
			interactionsOf(client, id, sentences, ner.entities)
		);
		live.phase = 'done';
		watchMemory((m) => (live.memory = m));
		return { key, text: inputs.note, sentences: analysis.noteSentences, vectors: analysis.noteVectors, entities: ner.entities };
	} catch (err) {
		live.error = asInfo(err);
		live.phase = 'error';
		return null;
	}
}
