import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonl } from './jsonl';
import type { McqItem } from './schema';

const mcq = (overrides: Record<string, unknown> = {}) =>
	JSON.stringify({
		id: 'q1',
		task: 'mcq',
		question: 'Which drug?',
		options: { A: 'Aspirin', B: 'Heparin', C: 'Warfarin', D: 'Insulin' },
		answer: 'B',
		source: '7',
		...overrides
	});

describe('parseJsonl', () => {
	it('reads every task type', () => {
		const lines = [
			mcq(),
			JSON.stringify({ id: 'y1', task: 'yesno', question: 'Q?', context: 'C.', answer: 'maybe', long_answer: 'L' }),
			JSON.stringify({ id: 'n1', task: 'ner', tokens: ['a', 'b'], tags: ['B-Disease', 'O'] }),
			JSON.stringify({ id: 'o1', task: 'openqa', question: 'Q?', answer: 'A.' }),
			JSON.stringify({ id: 'm1', task: 'multilabel', context: 'S.', labels: [] }),
			JSON.stringify({
				id: 'r1',
				task: 'relation',
				question: 'Which?',
				context: 'x and y',
				entities: [
					{ text: 'x', type: 'drug', spans: [[0, 1]] },
					{ text: 'y', type: 'drug', spans: [[6, 7]] }
				],
				answer: 'none'
			})
		];
		const { items, errors } = parseJsonl(lines.join('\n'));
		expect(errors).toEqual([]);
		expect(items.map((item) => item.task)).toEqual(['mcq', 'yesno', 'ner', 'openqa', 'multilabel', 'relation']);
		expect(items[0]).toEqual({
			id: 'q1',
			task: 'mcq',
			question: 'Which drug?',
			options: { A: 'Aspirin', B: 'Heparin', C: 'Warfarin', D: 'Insulin' },
			answer: 'B',
			source: '7'
		});
	});

	it('reports a bad line with its number and field and keeps the others', () => {
		const text = [mcq({ id: 'a' }), mcq({ id: 'b', answer: 'E' }), '', mcq({ id: 'c' })].join('\n');
		const { items, errors } = parseJsonl(text, { expectedTask: 'mcq' });
		expect(items.map((item) => item.id)).toEqual(['a', 'c']);
		expect(errors).toEqual([{ line: 2, field: 'answer', message: 'line 2, field "answer": must be one of A, B, C, D (got "E")' }]);
	});

	it('handles a BOM, CRLF line ends and blank lines', () => {
		const text = '\uFEFF' + mcq({ id: 'a' }) + '\r\n\r\n   \r\n' + mcq({ id: 'b' }) + '\r\n';
		const { items, errors } = parseJsonl(text);
		expect(errors).toEqual([]);
		expect(items.map((item) => item.id)).toEqual(['a', 'b']);
		expect((items[1] as McqItem).source).toBe('7');
	});

	it('counts blank lines in line numbers', () => {
		const { errors } = parseJsonl(['', mcq(), '', '{not json'].join('\n'));
		expect(errors).toHaveLength(1);
		expect(errors[0]?.line).toBe(4);
		expect(errors[0]?.field).toBe('(line)');
		expect(errors[0]?.message).toMatch(/^line 4: not valid JSON/);
	});

	it('rejects non-object lines', () => {
		const { errors } = parseJsonl('[1,2]\n42\nnull');
		expect(errors.map((error) => error.message)).toEqual([
			'line 1: expected a JSON object, got an array',
			'line 2: expected a JSON object, got number',
			'line 3: expected a JSON object, got null'
		]);
	});

	it('names missing and mistyped fields', () => {
		const text = [
			JSON.stringify({ task: 'mcq', question: 'Q', options: { A: 'x', B: 'y' }, answer: 'A' }),
			JSON.stringify({ id: 'y', task: 'yesno', question: 'Q', context: 'C', answer: 'Yes' }),
			JSON.stringify({ id: 'n', task: 'ner', tokens: ['a', 'b'], tags: ['O'] }),
			JSON.stringify({ id: 'n2', task: 'ner', tokens: ['a'], tags: ['X-Disease'] }),
			JSON.stringify({ id: 'm', task: 'mcq', question: 'Q', options: { A: 'x', C: 'y' }, answer: 'A' }),
			JSON.stringify({ id: 'm2', task: 'mcq', question: 'Q', options: { A: 'x', B: '' }, answer: 'A' }),
			JSON.stringify({ id: 'l', task: 'multilabel', context: 'S', labels: 'Resisting cell death' }),
			JSON.stringify({
				id: 'r',
				task: 'relation',
				question: 'Q',
				context: 'C',
				entities: [{ text: 'x', type: 'drug', spans: [[3, 1]] }],
				answer: 'none'
			}),
			JSON.stringify({ id: 't', task: 'summary' }),
			JSON.stringify({ id: 5, task: 'openqa', question: 'Q', answer: 'A' })
		].join('\n');
		const { items, errors } = parseJsonl(text);
		expect(items).toEqual([]);
		expect(errors.map((error) => [error.line, error.field])).toEqual([
			[1, 'id'],
			[2, 'answer'],
			[3, 'tags'],
			[4, 'tags'],
			[5, 'options'],
			[6, 'options.B'],
			[7, 'labels'],
			[8, 'entities[0].spans'],
			[9, 'task'],
			[10, 'id']
		]);
		expect(errors[0]?.message).toBe('line 1, field "id": is missing');
		expect(errors[2]?.message).toBe('line 3, field "tags": must hold one tag per token (2 tokens, 1 tags)');
		expect(errors[9]?.message).toBe('line 10, field "id": must be a string (got number 5)');
	});

	it('rejects another task when one is expected, and fills a missing task in', () => {
		const noTask = JSON.stringify({ id: 'o', question: 'Q', answer: 'A' });
		const { items, errors } = parseJsonl([mcq(), noTask].join('\n'), { expectedTask: 'openqa' });
		expect(items).toEqual([{ id: 'o', task: 'openqa', question: 'Q', answer: 'A' }]);
		expect(errors[0]?.message).toBe('line 1, field "task": expected "openqa" for this set (got "mcq")');
	});

	it('rejects duplicate ids after the first', () => {
		const { items, errors } = parseJsonl([mcq(), mcq()].join('\n'));
		expect(items).toHaveLength(1);
		expect(errors[0]?.message).toBe('line 2, field "id": duplicate id "q1" (first seen on line 1)');
	});

	it('drops unknown keys', () => {
		const { items } = parseJsonl(mcq({ extra: { nested: true } }));
		expect(Object.keys(items[0] ?? {})).not.toContain('extra');
	});

	it('parses a huge line and keeps messages about huge values short', () => {
		const longContext = 'word '.repeat(1_000_000);
		const good = JSON.stringify({ id: 'big', task: 'yesno', question: 'Q?', context: longContext, answer: 'no' });
		const bad = JSON.stringify({ id: 'big2', task: 'yesno', question: 'Q?', context: 'c', answer: longContext });
		const { items, errors } = parseJsonl(`${good}\n${bad}`);
		expect(items).toHaveLength(1);
		expect(items[0]?.task === 'yesno' && items[0].context.length).toBe(5_000_000);
		expect(errors[0]?.field).toBe('answer');
		expect(errors[0]?.message.length).toBeLessThan(200);
	});

	it('returns nothing and no errors for empty text', () => {
		expect(parseJsonl('')).toEqual({ items: [], errors: [] });
		expect(parseJsonl('\uFEFF\r\n')).toEqual({ items: [], errors: [] });
	});

	// The shared dev sets must load without a single error; skipped where ../shared is absent.
	const dataDir = new URL('../../../../shared/data/', import.meta.url);
	const sets = [
		'pubmedqa',
		'medqa_usmle4',
		'medmcqa',
		'mmlu_medical',
		'bc5cdr_chem',
		'bc5cdr_disease',
		'ncbi_disease',
		'medquad',
		'hoc',
		'ddi2013'
	];
	it.skipIf(!existsSync(dataDir))('loads every shared dev set cleanly', () => {
		for (const set of sets) {
			const { items, errors } = parseJsonl(readFileSync(new URL(`${set}/dev.jsonl`, dataDir), 'utf8'));
			expect(errors, set).toEqual([]);
			expect(items, set).toHaveLength(200);
		}
	});
});
