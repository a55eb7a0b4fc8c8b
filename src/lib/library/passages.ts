/**
 * The medical library's unit of retrieval: a passage of a MedQuAD answer (or of a personal document), with the
 * question it answers, the document's title and where it comes from. Pure, shared by the build script
 * (scripts/library.mjs) and the browser, so both split and name passages the same way.
 */
import { splitSentences } from '../clinical/sentences';

export interface Passage {
	/** `<item id>#<n>` for MedQuAD, `doc:<doc id>#<n>` for personal documents. */
	id: string;
	/** The question the source answer was written for ('' for personal documents). */
	question: string;
	/** The document's focus (MedQuAD's "Focus", e.g. "Liddle syndrome") or a personal document's name. */
	title: string;
	/** Where the passage comes from, as its collection names it: e.g. `2_GARD_QA/0003593.xml`. */
	source: string;
	text: string;
}

/** Passages are a few sentences: long enough to answer from, short enough that three fit a small LM's context. */
export const PASSAGE_MAX_CHARS = 600;
/** A single sentence longer than this is cut at word boundaries so no passage overflows the prompt. */
const HARD_MAX_CHARS = 900;

/** Cuts one over-long text at the last space before `max` characters, repeatedly. */
function cutAtWords(text: string, max: number): string[] {
	const pieces: string[] = [];
	let rest = text;
	while (rest.length > max) {
		const space = rest.lastIndexOf(' ', max);
		const at = space > max / 2 ? space : max;
		pieces.push(rest.slice(0, at).trim());
		rest = rest.slice(at).trim();
	}
	if (rest !== '') pieces.push(rest);
	return pieces;
}

/**
 * Splits a text into passages of whole sentences, each at most `maxChars` (a single longer sentence is cut at
 * words). Sentences keep their order; no text is dropped except surrounding white space.
 */
export function splitIntoPassages(text: string, maxChars = PASSAGE_MAX_CHARS): string[] {
	const sentences = splitSentences(text).flatMap((s) => cutAtWords(s.text, Math.max(maxChars, HARD_MAX_CHARS)));
	const passages: string[] = [];
	let current = '';
	for (const sentence of sentences) {
		if (current !== '' && current.length + 1 + sentence.length > maxChars) {
			passages.push(current);
			current = sentence;
		} else {
			current = current === '' ? sentence : `${current} ${sentence}`;
		}
	}
	if (current !== '') passages.push(current);
	return passages;
}

/**
 * MedQuAD's questions come from templates ("What are the treatments for X ?"); X is the document's focus, the
 * title MedQuAD's XML gives each document. The JSONL we ship keeps only the question, so the focus is read back
 * from it; an unknown template gives the question itself.
 */
const QUESTION_TEMPLATES: RegExp[] = [
	/^What is \(are\) (.+?)\s*\??$/i,
	/^What are the (?:treatments|symptoms|complications|genetic changes related to|stages of)(?: for| of)? (.+?)\s*\??$/i,
	/^What (?:is the outlook for|causes|to do for|research \(or clinical trials\) is being done for) (.+?)\s*\??$/i,
	/^How (?:many people are affected by|to diagnose|to prevent) (.+?)\s*\??$/i,
	/^Who is at risk for (.+?)\??\s*\??$/i,
	/^Is (.+?) inherited\s*\??$/i,
	/^Do you have information about (.+?)\s*\??$/i
];

export function medquadFocus(question: string): string {
	const q = question.trim();
	for (const template of QUESTION_TEMPLATES) {
		const match = template.exec(q);
		const focus = match?.slice(1).filter(Boolean).at(-1)?.trim();
		if (focus) return focus;
	}
	return q.replace(/\s*\?+$/, '');
}

/** MedQuAD's folders, the NIH sites they were collected from (MedQuAD README), for attribution. */
export const MEDQUAD_COLLECTIONS: Readonly<Record<string, { name: string; site: string }>> = {
	'1_CancerGov_QA': { name: 'National Cancer Institute (cancer.gov)', site: 'https://www.cancer.gov/' },
	'2_GARD_QA': { name: 'Genetic and Rare Diseases Information Center (GARD)', site: 'https://rarediseases.info.nih.gov/' },
	'3_GHR_QA': { name: 'Genetics Home Reference (NLM)', site: 'https://medlineplus.gov/genetics/' },
	'4_MPlus_Health_Topics_QA': { name: 'MedlinePlus Health Topics (NLM)', site: 'https://medlineplus.gov/' },
	'5_NIDDK_QA': { name: 'National Institute of Diabetes and Digestive and Kidney Diseases (NIDDK)', site: 'https://www.niddk.nih.gov/' },
	'6_NINDS_QA': { name: 'National Institute of Neurological Disorders and Stroke (NINDS)', site: 'https://www.ninds.nih.gov/' },
	'7_SeniorHealth_QA': { name: 'NIHSeniorHealth (NIA)', site: 'https://www.nia.nih.gov/' },
	'8_NHLBI_QA_XML': { name: 'National Heart, Lung, and Blood Institute (NHLBI)', site: 'https://www.nhlbi.nih.gov/' },
	'9_CDC_QA': { name: 'Centers for Disease Control and Prevention (CDC)', site: 'https://www.cdc.gov/' }
};

/** The MedQuAD commit our data comes from (../shared/data/MANIFEST.md). */
export const MEDQUAD_COMMIT = '577bd37b96c02d1833b2c9eed2de9f96964e96cb';

/** The MedQuAD XML a passage comes from, at the pinned commit; the XML names the original NIH page. */
export function medquadSourceUrl(source: string): string {
	return `https://github.com/abachaa/MedQuAD/blob/${MEDQUAD_COMMIT}/${source}`;
}

export function medquadCollection(source: string): { name: string; site: string } | null {
	return MEDQUAD_COLLECTIONS[source.split('/')[0] ?? ''] ?? null;
}

export interface MedquadItem {
	id: string;
	question: string;
	answer: string;
	source: string;
}

/** Every passage of a MedQuAD item, numbered from 0 in answer order. */
export function medquadPassages(item: MedquadItem): Passage[] {
	const title = medquadFocus(item.question);
	return splitIntoPassages(item.answer).map((text, n) => ({
		id: `${item.id}#${n}`,
		question: item.question,
		title,
		source: item.source,
		text
	}));
}

export const LIBRARY_LICENSE = 'CC BY 4.0';
export const LIBRARY_ATTRIBUTION =
	'MedQuAD (Ben Abacha and Demner-Fushman 2019, A question-entailment approach to question answering, BMC Bioinformatics), answers from NIH websites, CC BY 4.0.';
