/**
 * Drug pairs for the interaction (DDI) models: the entity-marker text both the `bedside/ddi-relation` specialist
 * and `bedside/med-lm-2` were trained on, and the pairs of drug entities NER found within one sentence of a note.
 * The marker rule must match training/ddi_markers.py exactly (worked examples in __fixtures__/ddi-markers.json):
 * a different spacing would be a different input from the one the models learnt.
 */
import type { EntitySpan } from '../ner/entities';
import type { Sentence } from './sentences';

/** A drug mention: its first span is the one marked. */
export interface MarkedEntity {
	text: string;
	/** [start, end) character offsets into the text; only the first is marked. */
	spans: readonly (readonly [number, number])[];
}

/**
 * The text with "[E1] " / " [/E1]" around entities[0]'s first span and "[E2] " / " [/E2]" around entities[1]'s.
 * Markers are inserted at their offsets; at one offset they come in the order " [/E1]", " [/E2]", "[E1] ", "[E2] "
 * (so nested and touching spans come out as in training).
 * @throws RangeError when an entity has no span or a span lies outside the text.
 */
export function markPair(text: string, entities: readonly [MarkedEntity, MarkedEntity] | readonly MarkedEntity[]): string {
	const [first, second] = entities;
	if (!first || !second) throw new RangeError('a drug pair needs two entities');
	const inserts: { at: number; order: number; marker: string }[] = [];
	[first, second].forEach((entity, i) => {
		const span = entity.spans[0];
		if (!span || !(span[0] >= 0 && span[0] <= span[1] && span[1] <= text.length)) {
			throw new RangeError(`entity "${entity.text}" has no span inside the text (${text.length} characters)`);
		}
		const n = i + 1;
		inserts.push({ at: span[1], order: i, marker: ` [/E${n}]` }, { at: span[0], order: 2 + i, marker: `[E${n}] ` });
	});
	inserts.sort((a, b) => a.at - b.at || a.order - b.order);
	let marked = '';
	let cursor = 0;
	for (const insert of inserts) {
		marked += text.slice(cursor, insert.at) + insert.marker;
		cursor = insert.at;
	}
	return marked + text.slice(cursor);
}

/** NER entity types that name a drug (bedside/ner-bc5cdr's Chemical; other NER models' medication types). */
const DRUG_TYPES = /^(chemical|drug|medication|chem)/i;

export function isDrugEntity(entity: EntitySpan): boolean {
	return DRUG_TYPES.test(entity.type);
}

/** One candidate pair: two drug entities of one sentence, in text order, and the sentence with them marked. */
export interface DrugPair {
	sentenceIndex: number;
	sentence: Sentence;
	first: EntitySpan;
	second: EntitySpan;
	/** The sentence with the markers, as the DDI model reads it. */
	marked: string;
}

/** At most this many pairs per note: a long medication list would otherwise give hundreds. */
export const MAX_DRUG_PAIRS = 64;

/**
 * Every pair of drug entities within one sentence, in text order (the DDI corpus pairs every two drug mentions
 * of a sentence the same way). Mentions of the same drug (same text, case-insensitive) are not paired.
 * Entity offsets are in the note; the marks are placed in the sentence.
 */
export function drugPairs(sentences: readonly Sentence[], entities: readonly EntitySpan[], max = MAX_DRUG_PAIRS): DrugPair[] {
	const pairs: DrugPair[] = [];
	sentences.forEach((sentence, sentenceIndex) => {
		const drugs = entities
			.filter((e) => isDrugEntity(e) && e.start >= sentence.start && e.end <= sentence.end)
			.sort((a, b) => a.start - b.start);
		for (let i = 0; i < drugs.length; i++) {
			for (let j = i + 1; j < drugs.length; j++) {
				const first = drugs[i]!;
				const second = drugs[j]!;
				if (first.text.toLowerCase() === second.text.toLowerCase()) continue;
				if (pairs.length >= max) return;
				const local = (e: EntitySpan): MarkedEntity => ({ text: e.text, spans: [[e.start - sentence.start, e.end - sentence.start]] });
				pairs.push({ sentenceIndex, sentence, first, second, marked: markPair(sentence.text, [local(first), local(second)]) });
			}
		}
	});
	return pairs;
}
