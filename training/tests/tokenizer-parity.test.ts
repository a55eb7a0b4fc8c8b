// Transformers.js in Node must tokenize exactly as the Python side that trained the models.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { DATA, pythonIds } from './helpers';

const ODD = [
	'Patiënt mit Übelkeit – naïve café; β-blocker 5 µg/kg, Na⁺ 135 mmol/L, temp 38.5°C ± 0.2',
	'مريض يعاني من الحمى 😷 and 发烧 3天 with zero\u200bwidth and\u00a0nbsp',
	'<script>alert(1)</script> **bold** `code` tab\there\r\nnew line \u0007 bell',
	'   ',
	''
];

const cases: [string, string, string][] = [
	['ner-bc5cdr', join(DATA, 'bc5cdr_chem/dev.jsonl'), 'tokens'],
	['ner-bc5cdr', join(DATA, 'ncbi_disease/dev.jsonl'), 'tokens'],
	['med-embed', join(DATA, 'medquad/dev.jsonl'), 'answer'],
	['med-lm', join(DATA, 'medquad/dev.jsonl'), 'answer'],
	['med-lm', join(DATA, 'pubmedqa/dev.jsonl'), 'context']
];

describe('tokenizer parity (Python trainer vs Transformers.js)', () => {
	const odd = join(mkdtempSync(join(tmpdir(), 'bedside-tok-')), 'odd.jsonl');
	writeFileSync(odd, ODD.map((text) => JSON.stringify({ text })).join('\n') + '\n');

	for (const [name, file, field] of [...cases, ...['ner-bc5cdr', 'med-embed', 'med-lm'].map((n) => [n, odd, 'text'] as [string, string, string])]) {
		it(`${name} on ${file.split('/').slice(-2).join('/')} (${field})`, async () => {
			const tok = await AutoTokenizer.from_pretrained(`bedside/${name}`);
			const py = pythonIds(name, file, field, 200);
			expect(py.texts.length).toBeGreaterThan(0);
			py.texts.forEach((text, i) => {
				expect(tok.encode(text), `item ${i}: ${text.slice(0, 80)}`).toEqual(py.ids[i]);
			});
		});
	}
});
