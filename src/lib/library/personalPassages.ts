/** How a personal document's passages are named in the library, shared by the page and the library worker. */
import type { DocumentShelf } from './libraryProtocol';
import type { Passage } from './passages';

export const PERSONAL_SOURCE = 'Your document';

export function personalPrefix(docId: string): string {
	return `doc:${docId}#`;
}

export function isPersonal(passage: Pick<Passage, 'id'>): boolean {
	return passage.id.startsWith('doc:');
}

export function personalPassages(doc: Pick<DocumentShelf, 'docId' | 'name' | 'passages'>): Passage[] {
	return doc.passages.map((text, n) => ({
		id: `${personalPrefix(doc.docId)}${n}`,
		question: '',
		title: doc.name,
		source: `${PERSONAL_SOURCE}: ${doc.name}`,
		text
	}));
}
