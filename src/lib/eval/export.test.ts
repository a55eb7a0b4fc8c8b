import { describe, expect, it } from 'vitest';
import { csvField, itemsToCsv, predictionsMap, runsToCsv, runsToJson, runsToMarkdown, toCsv, type EvalRun } from './export';

const ci = (estimate: number, lower: number, upper: number) => ({
	estimate,
	lower,
	upper,
	confidence: 0.95,
	resamples: 1000,
	seed: 1,
	n: 2
});

const run: EvalRun = {
	set: 'pubmedqa',
	task: 'yesno',
	model: 'bedside-lm "tiny", v1',
	backend: 'wasm',
	n: 2,
	seed: 1,
	metrics: [
		{ name: 'accuracy', ci: ci(0.5, 0, 1) },
		{ name: 'macro_f1', ci: ci(Number.NaN, Number.NaN, Number.NaN) }
	],
	latencyMsPerItem: 12.345,
	items: [
		{ id: 'a', gold: 'yes', prediction: 'yes', score: 1, latencyMs: 10 },
		{ id: 'b', gold: 'no', prediction: null, score: 0, latencyMs: 14.69 }
	]
};

/** A minimal RFC 4180 reader, to check that what toCsv writes reads back unchanged. */
function readCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"' && text[i + 1] === '"') ((field += '"'), i++);
			else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === ',') (row.push(field), (field = ''));
		else if (char === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
		else field += char;
	}
	return rows;
}

describe('CSV', () => {
	it('quotes fields with quotes, commas and line breaks, and doubles quotes', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('cr\rhere')).toBe('"cr\rhere"');
		expect(csvField(0.25)).toBe('0.25');
		expect(csvField(null)).toBe('');
		expect(csvField(Number.NaN)).toBe('');
	});

	it('round-trips awkward values', () => {
		const rows = [
			['id', 'text'],
			['1', 'He said "no", then left.\r\nNext line'],
			['2', ''],
			['3', ',,,']
		];
		expect(readCsv(toCsv(rows))).toEqual(rows);
	});

	it('writes one summary row per metric', () => {
		const rows = readCsv(runsToCsv([run]));
		expect(rows[0]).toEqual([
			'set',
			'task',
			'model',
			'backend',
			'n',
			'seed',
			'metric',
			'value',
			'ci_lower',
			'ci_upper',
			'confidence',
			'latency_ms_per_item'
		]);
		expect(rows[1]).toEqual([
			'pubmedqa',
			'yesno',
			'bedside-lm "tiny", v1',
			'wasm',
			'2',
			'1',
			'accuracy',
			'0.5',
			'0',
			'1',
			'0.95',
			'12.345'
		]);
		expect(rows[2]?.slice(6, 10)).toEqual(['macro_f1', '', '', '']);
		expect(rows).toHaveLength(3);
	});

	it('writes one row per item, with lists joined by spaces', () => {
		const nerRun: EvalRun = { ...run, task: 'ner', items: [{ id: 's1', gold: ['B-Disease', 'O'], prediction: ['O', 'O'], score: 0 }] };
		expect(itemsToCsv(nerRun)).toBe('id,gold,prediction,score,latency_ms\r\ns1,B-Disease O,O O,0,\r\n');
		expect(readCsv(itemsToCsv(run))[2]).toEqual(['b', 'no', '', '0', '14.69']);
	});
});

describe('JSON', () => {
	it('keeps everything and turns NaN into null', () => {
		const parsed = JSON.parse(runsToJson([run]));
		expect(parsed[0].items).toEqual(run.items);
		expect(parsed[0].metrics[1].ci.estimate).toBeNull();
		expect(runsToJson([run])).toBe(runsToJson([structuredClone(run)]));
	});
});

describe('Markdown', () => {
	it('shows value ± half the CI width and the interval, escaping pipes', () => {
		const markdown = runsToMarkdown([{ ...run, model: 'a|b' }]);
		expect(markdown.split('\n')).toEqual([
			'| set | model | backend | n | metric | value ± CI | 95% CI | ms/item |',
			'| --- | --- | --- | --- | --- | --- | --- | --- |',
			'| pubmedqa | a\\|b | wasm | 2 | accuracy | 0.500 ± 0.500 | 95% [0.000, 1.000] | 12.3 |',
			'| pubmedqa | a\\|b | wasm | 2 | macro_f1 | n/a ± n/a | 95% [n/a, n/a] | 12.3 |',
			''
		]);
	});
});

describe('predictions.json', () => {
	it('maps each id to its prediction', () => {
		const items = [
			{ id: 'q1', gold: 'A', prediction: 'B' },
			{ id: 'y1', gold: 'yes', prediction: 'maybe' },
			{ id: 's1', gold: ['B-Chemical', 'O'], prediction: ['B-Chemical', 'O'] },
			{ id: '__proto__', gold: 'no', prediction: null }
		];
		const parsed = JSON.parse(JSON.stringify(predictionsMap(items)));
		expect(parsed).toEqual({ q1: 'B', y1: 'maybe', s1: ['B-Chemical', 'O'], ['__proto__']: null });
		expect(Object.keys(predictionsMap(items))).toEqual(['q1', 'y1', 's1', '__proto__']);
	});
	it('refuses duplicate ids', () => {
		expect(() =>
			predictionsMap([
				{ id: 'x', gold: 'A', prediction: 'A' },
				{ id: 'x', gold: 'A', prediction: 'B' }
			])
		).toThrow(/duplicate item id "x"/);
	});
});
