/**
 * Checks and decodes a personal document before it joins the library: size, emptiness, binary content passed
 * off as text, and scripts the word index and med-embed handle poorly. Pure (PDF text comes from pdfText.ts), so
 * every bad input is unit-tested. Each problem is a sentence that says what happened and that nothing was added.
 */
export const MAX_DOCUMENT_BYTES = 20 * 1024 ** 2;
export const ACCEPTED_EXTENSIONS = ['.txt', '.md', '.pdf'] as const;

export type DocumentKind = 'text' | 'pdf';

export class DocumentProblem extends Error {}

function mb(bytes: number): string {
	return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The kind of a file from its name, or a problem for anything else. Checked before the file is read. */
export function checkDocumentFile(name: string, bytes: number): DocumentKind {
	const lower = name.toLowerCase();
	const extension = ACCEPTED_EXTENSIONS.find((ext) => lower.endsWith(ext));
	if (!extension) throw new DocumentProblem(`"${name}" is not a .txt, .md or .pdf file. Nothing was added.`);
	if (bytes === 0) throw new DocumentProblem(`"${name}" is empty. Nothing was added.`);
	if (bytes > MAX_DOCUMENT_BYTES)
		throw new DocumentProblem(
			`"${name}" is ${mb(bytes)}; the limit is ${mb(MAX_DOCUMENT_BYTES)}. Split it or add the part you need. Nothing was added.`
		);
	return extension === '.pdf' ? 'pdf' : 'text';
}

/**
 * UTF-8 text of a .txt/.md file. A binary file renamed .txt fails here: invalid UTF-8, NUL bytes, or many
 * control characters.
 */
export function decodeTextFile(name: string, bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new DocumentProblem(`"${name}" is not UTF-8 text (is it a binary file renamed?). Nothing was added.`);
	}
	// Control characters are exactly what this counts (a binary file renamed .txt is full of them).
	// eslint-disable-next-line no-control-regex
	const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
	if (text.includes('\u0000') || controls > Math.max(8, text.length * 0.01)) {
		throw new DocumentProblem(`"${name}" does not look like text (it has binary control characters). Nothing was added.`);
	}
	return text.replace(/^\uFEFF/, '');
}

export interface CheckedText {
	text: string;
	/** Set when the text is mostly in a script other than Latin: it is added, with this warning. */
	notice: string | null;
}

/** Normalizes white space and refuses text with no words; warns for non-Latin scripts. */
export function checkDocumentText(name: string, raw: string): CheckedText {
	const text = raw
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.replace(/[ \t\u00A0]+/g, ' ')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
	const letters = text.match(/\p{L}/gu)?.length ?? 0;
	if (letters === 0) throw new DocumentProblem(`"${name}" has no words to index. Nothing was added.`);
	const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
	const notice =
		latin / letters < 0.5
			? `"${name}" is mostly in a script other than Latin. It was added, but the word search splits such text poorly where words are not separated by spaces, and med-embed was trained on English: expect weaker matches.`
			: null;
	return { text, notice };
}
