/**
 * Text of a PDF with pdf.js (pdfjs-dist), page by page, in the browser. Its worker is bundled by Vite (?url), so
 * nothing is fetched from a CDN; A PDF whose pages carry no text (a scan)
 * is a DocumentProblem: OCR is not offered.
 */
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { DocumentProblem } from './documentText';

GlobalWorkerOptions.workerSrc = workerUrl;

export async function pdfText(name: string, bytes: Uint8Array): Promise<{ text: string; pages: number }> {
	// Text only: no font loading (nothing to render), so no font or CMap requests.
	const task = getDocument({ data: bytes, useSystemFonts: false, disableFontFace: true });
	let pdf;
	try {
		pdf = await task.promise;
	} catch (err) {
		await task.destroy();
		throw new DocumentProblem(
			`"${name}" could not be read as a PDF (${err instanceof Error ? err.message : String(err)}). Nothing was added.`
		);
	}
	try {
		const pages: string[] = [];
		for (let p = 1; p <= pdf.numPages; p++) {
			const content = await (await pdf.getPage(p)).getTextContent();
			const line = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
			pages.push(line.trim());
		}
		const text = pages.filter(Boolean).join('\n\n');
		if (text.replace(/\s/g, '') === '') {
			throw new DocumentProblem(
				`"${name}" has no text layer (${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'} of images, perhaps a scan). Bedside does not do OCR; add a PDF with selectable text. Nothing was added.`
			);
		}
		return { text, pages: pdf.numPages };
	} finally {
		await task.destroy();
	}
}
