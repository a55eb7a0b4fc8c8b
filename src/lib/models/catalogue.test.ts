import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/lib/catalogue.mjs';
import { syncBundled } from '../../../scripts/lib/sync.mjs';
import raw from './catalogue.json';
import { catalogue, downloadBytes, catalogueModel, licenseTerms, type ModelEntry } from './catalogue';

const ROLES = ['llm', 'ner', 'classify', 'qa', 'embed', 'hallmarks', 'relation'];
const SHA256 = /^[0-9a-f]{64}$/;

describe('catalogue integrity', () => {
	it('has unique ids and the three Bedside models plus the default LLM', () => {
		const ids = catalogue.map((m) => m.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(expect.arrayContaining(['bedside/med-lm', 'bedside/ner-bc5cdr', 'bedside/med-embed']));
		expect(catalogueModel('bedside/med-lm').role).toBe('llm');
		expect(() => catalogueModel('nope/nope')).toThrow(/not in/);
	});

	it.each(catalogue.map((m) => [m.id, m] as [string, ModelEntry]))('%s is well formed', (_id, m) => {
		expect(ROLES).toContain(m.role);
		expect(m.license.length).toBeGreaterThan(0);
		expect(m.devices).toContain(m.defaults.device === 'webgpu' ? 'webgpu' : 'wasm');
		expect(m.bundled).toBe(m.source.kind === 'bundled');
		if (m.source.kind === 'hub') {
			expect(m.source.repo).toMatch(/^[\w.-]+\/[\w.-]+$/);
			expect(m.source.revision.length).toBeGreaterThan(0);
		} else {
			expect(m.source.kind).toBe('bundled');
			expect(m.source.kind === 'bundled' && m.source.path).toBe(`models/${m.id}`);
		}
		const paths = m.files.map((f) => f.path);
		expect(new Set(paths).size).toBe(paths.length);
		for (const f of m.files) {
			expect(f.path).not.toMatch(/^\/|\.\./);
			if (f.sha256 !== null) expect(f.sha256).toMatch(SHA256);
			if (f.bytes !== null) expect(Number.isInteger(f.bytes) && f.bytes > 0).toBe(true);
			// A weight file must be pinned: it is what a checksum protects.
			if (f.path.endsWith('.onnx')) {
				expect(f.sha256).toMatch(SHA256);
				expect(f.dtype).toBeDefined();
			}
		}
		if (m.files.length > 0) {
			expect(m.files.some((f) => f.dtype === m.defaults.dtype)).toBe(true);
			expect(paths).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json']));
			expect(downloadBytes(m)).toBeGreaterThan(0);
		}
	});

	it('bundled entries agree with models/bedside/<name>/MANIFEST.json (else run npm run catalogue:sync)', async () => {
		const { changes, absent } = await syncBundled(raw, REPO_ROOT);
		expect(changes).toEqual([]);
		for (const id of absent) {
			// No manifest yet: the entry must not claim files the repository does not have.
			expect(catalogueModel(id).files).toEqual([]);
		}
	});

	it('carries the training data licence of the specialists and med-lm-2 (GPL for HoC, non-commercial for DDI)', () => {
		expect(licenseTerms(catalogueModel('bedside/hoc-hallmarks').license)).toEqual(['copyleft (GPL): keep the licence with any copy']);
		expect(licenseTerms(catalogueModel('bedside/ddi-relation').license)).toEqual(['non-commercial use only']);
		expect(licenseTerms(catalogueModel('bedside/med-lm-2').license)).toEqual(['non-commercial use only', 'copyleft (GPL): keep the licence with any copy']);
		expect(licenseTerms(catalogueModel('bedside/ner-bc5cdr').license)).toEqual([]);
		expect(licenseTerms('Apache-2.0')).toEqual([]);
		expect(catalogueModel('bedside/med-lm-2').promptSet).toBe('taskPrompts');
	});

	const pinsPath = join(REPO_ROOT, '..', 'shared', 'models', 'README.md');
	it.runIf(existsSync(pinsPath))('carries every Hub pin from ../shared/models/README.md', () => {
		const rows = readFileSync(pinsPath, 'utf8')
			.split('\n')
			.map((line) => line.split('|').map((c) => c.trim()))
			.filter((cells) => cells.length >= 6 && /^[0-9a-f]{64}$/.test(cells[4] ?? ''));
		expect(rows.length).toBeGreaterThan(0);
		for (const [, , file, bytes, sha] of rows) {
			const match = catalogue.flatMap((m) => m.files).find((f) => f.sha256 === sha);
			expect(match, `pin ${file} ${sha}`).toBeDefined();
			expect(match?.path).toBe(file);
			expect(match?.bytes).toBe(Number(bytes));
		}
	});
});
