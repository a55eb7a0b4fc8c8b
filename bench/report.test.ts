import { describe, expect, it } from 'vitest';
import { lightRatios } from './report.mjs';

const run = (side: string, round: number, ms: { ner: number; embed: number; hallmarks: number; relation: number | null }) => ({
	side,
	round,
	ner: { msPerSentence: ms.ner },
	embed: { msPerText: ms.embed },
	hallmarks: { msPerSentence: ms.hallmarks },
	relation: { msPerPair: ms.relation ?? Number.NaN }
});

describe('lightRatios', () => {
	it('takes each browser round against the mean of the native runs around it, per model', () => {
		const light = [
			run('native', 0, { ner: 1, embed: 2, hallmarks: 1, relation: null }),
			run('browser', 0, { ner: 3, embed: 6, hallmarks: 4, relation: 9 }),
			run('native', 1, { ner: 3, embed: 4, hallmarks: 3, relation: 3 })
		];
		const r = lightRatios(light);
		expect(r.ner.median).toBeCloseTo(1.5); // 3 / mean(1, 3)
		expect(r.embed.median).toBeCloseTo(2); // 6 / mean(2, 4)
		expect(r.hallmarks.median).toBeCloseTo(2); // 4 / mean(1, 3)
		// The native run before the first browser round timed no drug pairs (they come from the browser's view):
		// the relation ratio takes the native run that has them.
		expect(r.relation.median).toBeCloseTo(3);
		expect(r.rounds).toHaveLength(1);
		expect(r.ceiling.rounds).toHaveLength(0); // no WASM-in-Node run here
	});

	it('takes the WASM-in-Node runs against the same native brackets, as the ceiling', () => {
		const light = [
			run('native', 0, { ner: 1, embed: 2, hallmarks: 1, relation: 2 }),
			run('wasm-node', 0, { ner: 2, embed: 5, hallmarks: 2, relation: 4 }),
			run('browser', 0, { ner: 4, embed: 6, hallmarks: 4, relation: 8 }),
			run('native', 1, { ner: 1, embed: 2, hallmarks: 1, relation: 2 })
		];
		const r = lightRatios(light);
		expect(r.ceiling.ner.median).toBeCloseTo(2);
		expect(r.ceiling.embed.median).toBeCloseTo(2.5);
		expect(r.ner.median).toBeCloseTo(4);
	});

	it('gives no ratio for a figure a run reported as null (NaN through JSON)', () => {
		const light = [
			run('native', 0, { ner: 1, embed: 1, hallmarks: 1, relation: 2 }),
			{ ...run('wasm-node', 0, { ner: 2, embed: 2, hallmarks: 2, relation: null }), relation: { msPerPair: null } },
			run('native', 1, { ner: 1, embed: 1, hallmarks: 1, relation: 2 })
		];
		expect(Number.isNaN(lightRatios(light).ceiling.relation.median)).toBe(true);
	});

	it('reports no ratio for a model a run lacks', () => {
		const light = [
			{ side: 'native', round: 0, ner: { msPerSentence: 1 }, embed: { msPerText: 1 } },
			{ side: 'browser', round: 0, ner: { msPerSentence: 2 }, embed: { msPerText: 2 } }
		];
		const r = lightRatios(light);
		expect(r.ner.median).toBeCloseTo(2);
		expect(Number.isNaN(r.hallmarks.median)).toBe(true);
	});
});
