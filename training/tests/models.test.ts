// Each committed model, loaded with Transformers.js in Node from the local folder (remote models disallowed),
// must reach quality on a fixed dev sample that a random or broken model cannot.
import {
	AutoModel,
	AutoModelForCausalLM,
	AutoModelForTokenClassification,
	AutoTokenizer,
	pipeline,
	Tensor
} from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { entityF1, manifest, readJsonl } from './helpers';

type NerRow = { tokens: string[]; tags: string[] };
type QaRow = { question: string; answer: string };

const ids64 = (ids: number[]) => new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
const ones64 = (n: number) => new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);

function bioRepair(tags: string[]): string[] {
	let prev = 'O';
	return tags.map((t) => {
		const fixed = t.startsWith('I-') && prev.slice(2) !== t.slice(2) ? 'B-' + t.slice(2) : t;
		prev = fixed;
		return fixed;
	});
}

describe('bedside/ner-bc5cdr', () => {
	const sets: [string, string][] = [['bc5cdr_chem', 'Chemical'], ['bc5cdr_disease', 'Disease'], ['ncbi_disease', 'Disease']];
	for (const [set, type] of sets) {
		it(`entity F1 on ${set} dev matches the manifest`, { timeout: 120_000 }, async () => {
			const tok = await AutoTokenizer.from_pretrained('bedside/ner-bc5cdr');
			const model = await AutoModelForTokenClassification.from_pretrained('bedside/ner-bc5cdr', { dtype: 'q8' });
			const id2label = (model.config as any).id2label as Record<string, string>;
			const rows = readJsonl<NerRow>(set);
			const [unk, cls, sep] = (tok as any).convert_tokens_to_ids(['[UNK]', '[CLS]', '[SEP]']) as number[];
			const preds: string[][] = [];
			for (const row of rows) {
				const ids = [cls];
				const first: number[] = [];
				for (const word of row.tokens) {
					const pieces = tok.encode(word, { add_special_tokens: false });
					first.push(ids.length);
					ids.push(...(pieces.length ? pieces : [unk]));
				}
				ids.push(sep);
				const { logits } = await model({ input_ids: ids64(ids), attention_mask: ones64(ids.length) });
				const [, , k] = logits.dims;
				const data = logits.data as Float32Array;
				const tags = first.map((f) => {
					let best = 0;
					for (let j = 1; j < k; j++) if (data[f * k + j] > data[f * k + best]) best = j;
					const label = id2label[String(best)];
					return label.endsWith(type) ? label : 'O';
				});
				preds.push(bioRepair(tags));
			}
			const f1 = entityF1(rows.map((r) => r.tags), preds);
			const expected = manifest('ner-bc5cdr').metrics.dev_int8_sim[set].f1 as number;
			expect(f1).toBeGreaterThan(set === 'ncbi_disease' ? 40 : 60); // a random tagger scores near 0
			expect(Math.abs(f1 - expected)).toBeLessThan(1.5);
		});
	}
});

describe('bedside/med-lm', () => {
	it('answer perplexity on medquad dev beats the bigram baseline', { timeout: 180_000 }, async () => {
		const tok = await AutoTokenizer.from_pretrained('bedside/med-lm');
		const model = await AutoModelForCausalLM.from_pretrained('bedside/med-lm', { dtype: 'q8' });
		const rows = readJsonl<QaRow>('medquad', 'dev', 60);
		let nll = 0;
		let count = 0;
		for (const r of rows) {
			const user = { role: 'user', content: r.question };
			const prompt = tok.apply_chat_template([user], { tokenize: false, add_generation_prompt: true }) as string;
			const full = tok.apply_chat_template([user, { role: 'assistant', content: r.answer }], { tokenize: false }) as string;
			const p = tok.encode(prompt, { add_special_tokens: false });
			const ids = tok.encode(full, { add_special_tokens: false }).slice(0, -1).slice(0, 512);
			const { logits } = await model({ input_ids: ids64(ids), attention_mask: ones64(ids.length) });
			const v = logits.dims[2];
			const data = logits.data as Float32Array;
			for (let i = p.length - 1; i < ids.length - 1; i++) {
				const row = data.subarray(i * v, (i + 1) * v);
				let max = -Infinity;
				for (const x of row) max = Math.max(max, x);
				let sum = 0;
				for (const x of row) sum += Math.exp(x - max);
				nll += Math.log(sum) + max - row[ids[i + 1]];
				count++;
			}
		}
		const ppl = Math.exp(nll / count);
		const m = manifest('med-lm').metrics;
		expect(ppl).toBeLessThan(0.8 * m.bigram_baseline_perplexity); // a random model sits near the vocabulary size
		expect(ppl).toBeLessThan(1.25 * m.medquad_dev_answer_perplexity_int8_sim);
	});

	it('streams a non-empty greedy answer through the text-generation pipeline', { timeout: 60_000 }, async () => {
		const gen = await pipeline('text-generation', 'bedside/med-lm', { dtype: 'q8' });
		const out = (await gen([{ role: 'user', content: 'What are the symptoms of asthma ?' }], { max_new_tokens: 24 })) as any;
		const answer = out[0].generated_text.at(-1).content as string;
		expect(answer.trim().length).toBeGreaterThan(10);
		expect(answer).toMatch(/[a-z]{3,}/);
	});
});

describe('bedside/med-embed', () => {
	it('recall@1 on medquad dev (question -> its answer) matches the manifest', { timeout: 180_000 }, async () => {
		const tok = await AutoTokenizer.from_pretrained('bedside/med-embed');
		const model = await AutoModel.from_pretrained('bedside/med-embed', { dtype: 'q8' });
		// Same truncation as the recipe's evaluation: keep the first n-1 ids and the closing [SEP].
		const embedIds = async (text: string, n: number) => {
			let ids = tok.encode(text);
			if (ids.length > n) ids = [...ids.slice(0, n - 1), ids[ids.length - 1]];
			const { last_hidden_state: h } = await model({ input_ids: ids64(ids), attention_mask: ones64(ids.length) });
			const [, t, d] = h.dims;
			const v = new Float64Array(d);
			(h.data as Float32Array).forEach((x, i) => (v[i % d] += x / t));
			const norm = Math.hypot(...v);
			return Array.from(v, (x) => x / norm);
		};
		const rows = readJsonl<QaRow>('medquad');
		const q = [], a = [];
		for (const r of rows) q.push(await embedIds(r.question, 128));
		for (const r of rows) a.push(await embedIds(r.answer, 256));
		let hits = 0;
		q.forEach((qv, i) => {
			let best = 0, bestScore = -Infinity;
			a.forEach((av, j) => {
				const s = qv.reduce((acc, x, k) => acc + x * av[k], 0);
				if (s > bestScore) [best, bestScore] = [j, s];
			});
			if (best === i) hits++;
		});
		const recall = (100 * hits) / rows.length;
		expect(recall).toBeGreaterThan(20); // chance is 0.5%
		expect(Math.abs(recall - manifest('med-embed').metrics.medquad_dev_recall_at_1_int8_sim)).toBeLessThan(3);

		// The feature-extraction pipeline (what the app uses) gives the same sentence vector.
		const embed = await pipeline('feature-extraction', 'bedside/med-embed', { dtype: 'q8' });
		const piped = ((await embed(rows[0].question, { pooling: 'mean', normalize: true })) as any).tolist()[0] as number[];
		const manual = await embedIds(rows[0].question, 512);
		piped.forEach((x, k) => expect(x).toBeCloseTo(manual[k], 4));
	});
});
