import { describe, expect, it } from 'vitest';
import { checkDocumentFile, checkDocumentText, decodeTextFile, DocumentProblem, MAX_DOCUMENT_BYTES } from './documentText';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('checkDocumentFile', () => {
	it('accepts .txt, .md and .pdf by name', () => {
		expect(checkDocumentFile('Notes.TXT', 10)).toBe('text');
		expect(checkDocumentFile('readme.md', 10)).toBe('text');
		expect(checkDocumentFile('leaflet.pdf', 10)).toBe('pdf');
	});

	it('refuses other types, empty files and files over the limit, saying nothing was added', () => {
		expect(() => checkDocumentFile('photo.png', 10)).toThrow(/not a \.txt, \.md or \.pdf file\. Nothing was added/);
		expect(() => checkDocumentFile('empty.txt', 0)).toThrow(/is empty/);
		expect(() => checkDocumentFile('huge.pdf', 50 * 1024 ** 2)).toThrow(/is 50\.0 MB; the limit is 20\.0 MB/);
		expect(() => checkDocumentFile('edge.txt', MAX_DOCUMENT_BYTES)).not.toThrow();
	});
});

describe('decodeTextFile', () => {
	it('decodes UTF-8 and drops a byte-order mark', () => {
		expect(decodeTextFile('a.txt', utf8('\uFEFFAsthma — wheeze'))).toBe('Asthma — wheeze');
	});

	it('refuses a binary file renamed .txt', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
		expect(() => decodeTextFile('image.txt', png)).toThrow(DocumentProblem);
		expect(() => decodeTextFile('nul.txt', utf8('text\u0000more'))).toThrow(/does not look like text/);
		expect(() => decodeTextFile('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toThrow(/not UTF-8 text/);
	});
});

describe('checkDocumentText', () => {
	it('normalizes white space', () => {
		expect(checkDocumentText('a', ' Line one\r\n\r\n\r\n\r\nLine\t two ').text).toBe('Line one\n\nLine two');
	});

	it('refuses text without words', () => {
		expect(() => checkDocumentText('blank', ' \n\t ')).toThrow(/no words/);
		expect(() => checkDocumentText('numbers', '12 34 56 !!')).toThrow(/no words/);
	});

	it('adds text in another script with a notice', () => {
		expect(checkDocumentText('zh', '哮喘是一种慢性气道炎症疾病。').notice).toMatch(/script other than Latin/);
		expect(checkDocumentText('ar', 'الربو مرض مزمن يصيب الشعب الهوائية').notice).toMatch(/script other than Latin/);
		expect(checkDocumentText('en', 'Asthma is a chronic disease of the airways.').notice).toBeNull();
	});
});
