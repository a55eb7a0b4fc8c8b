// Bedside's decode loop against Transformers.js generate() on the committed bedside/med-lm, in Node
// (onnxruntime-node): greedy decoding must give the same tokens, with and without repetition penalty.
import { Tensor, type TextGenerationPipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNativeMedLm } from '../testing/nativeMedLm';
import type { CausalSession } from './causalSession';
import { ChatGenerator } from './chatGenerator';
import { decode, type DecodeOptions } from './decodeLoop';

const PROMPTS = [
	'What are the symptoms of anemia?',
	'A 64-year-old man on lithium started hydrochlorothiazide. What caused the lithium toxicity?',
	'How is type 2 diabetes treated?',
	'Résumé: patient née en 1950 — «fièvre» 39 °C 🌡️'
];

let pipe: TextGenerationPipeline;
let session: CausalSession;

beforeAll(async () => {
	({ pipe, session } = await loadNativeMedLm());
}, 60_000);

function promptIds(question: string): number[] {
	const text = pipe.tokenizer.apply_chat_template([{ role: 'user', content: question }], {
		add_generation_prompt: true,
		tokenize: false
	}) as string;
	return pipe.tokenizer.encode(text, { add_special_tokens: false });
}

async function libraryTokens(ids: number[], maxNewTokens: number, repetitionPenalty: number): Promise<number[]> {
	const input_ids = new Tensor(
		'int64',
		BigInt64Array.from(ids, (id) => BigInt(id)),
		[1, ids.length]
	);
	const attention_mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
	const out = (await pipe.model.generate({
		input_ids,
		attention_mask,
		max_new_tokens: maxNewTokens,
		do_sample: false,
		repetition_penalty: repetitionPenalty
	} as never)) as Tensor;
	const all = Array.from(out.data as BigInt64Array, Number).slice(ids.length);
	const eos = pipe.model.generation_config?.eos_token_id;
	return all.filter((id) => id !== eos);
}

const greedy = (maxNewTokens: number, repetitionPenalty: number): DecodeOptions => ({
	maxNewTokens,
	minNewTokens: 0,
	temperature: 0,
	topP: 1,
	topK: 0,
	repetitionPenalty,
	eosIds: [Number(pipe.model.generation_config?.eos_token_id)],
	stopStrings: []
});

const quiet = { onToken: () => {}, onText: () => {}, isStopRequested: () => false };

describe('decode (Bedside loop) vs generate() on bedside/med-lm', () => {
	for (const penalty of [1, 1.2]) {
		it(`gives the same greedy tokens on ${PROMPTS.length} prompts, repetition penalty ${penalty}`, { timeout: 120_000 }, async () => {
			// The committed LM outputs each step's new positions, so the loop keeps the cache in its own buffers
			// (kvBuffers.ts), while generate() runs on present.*: the same tokens check both ways of caching.
			expect(session.ownsCache).toBe(true);
			for (const prompt of PROMPTS) {
				const ids = promptIds(prompt);
				const ours = await decode(session, pipe.tokenizer, ids, greedy(48, penalty), quiet);
				expect(ours.tokenIds.length).toBeGreaterThan(0);
				expect(ours.tokenIds).toEqual(await libraryTokens(ids, 48, penalty));
			}
		});
	}

	it('streams the same text it returns, counts every token and stops on the stop flag', { timeout: 60_000 }, async () => {
		let streamed = '';
		let tokens = 0;
		const result = await decode(session, pipe.tokenizer, promptIds(PROMPTS[0] as string), greedy(64, 1.2), {
			onToken: () => (tokens += 1),
			onText: (t) => (streamed += t),
			isStopRequested: () => tokens >= 10
		});
		expect(result.stoppedBy).toBe('interrupted');
		expect(tokens).toBe(10);
		expect(result.tokenIds).toHaveLength(10);
		expect(streamed).toBe(result.text);
		expect(result.text).toBe(pipe.tokenizer.decode(result.tokenIds, { skip_special_tokens: true }));
	});

	it('cuts the answer before a stop string and never streams it', { timeout: 60_000 }, async () => {
		const full = await decode(session, pipe.tokenizer, promptIds(PROMPTS[2] as string), greedy(64, 1.2), quiet);
		const words = full.text.trim().split(/\s+/);
		expect(words.length).toBeGreaterThan(4);
		const stop = words[3] as string;
		let streamed = '';
		const cut = await decode(
			session,
			pipe.tokenizer,
			promptIds(PROMPTS[2] as string),
			{ ...greedy(64, 1.2), stopStrings: [stop] },
			{ ...quiet, onText: (t) => (streamed += t) }
		);
		expect(cut.stoppedBy).toBe('stop-string');
		expect(cut.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
		expect(streamed).toBe(cut.text);
	});

	it('min new tokens suppresses end-of-text, as the bench needs', { timeout: 60_000 }, async () => {
		const result = await decode(
			session,
			pipe.tokenizer,
			promptIds(PROMPTS[0] as string),
			{ ...greedy(200, 1.2), minNewTokens: 200 },
			quiet
		);
		expect(result.tokenIds).toHaveLength(200);
		expect(result.stoppedBy).toBe('length');
	});

	it('ChatGenerator gives the text of the text-generation pipeline (greedy, generation_config penalty)', { timeout: 120_000 }, async () => {
		const generator = new ChatGenerator(pipe);
		expect(generator.usesOwnLoop).toBe(true);
		for (const prompt of PROMPTS.slice(0, 3)) {
			const messages = [{ role: 'user' as const, content: prompt }];
			const ours = await generator.generate(messages, { maxNewTokens: 40, temperature: 0 }, quiet);
			const theirs = (await pipe(messages, { max_new_tokens: 40, do_sample: false })) as unknown as {
				generated_text: { content: string }[];
			}[];
			expect(ours.text.trim()).toBe(theirs[0]?.generated_text.at(-1)?.content.trim());
			expect(ours.timings?.prefillMs).toBeGreaterThan(0);
		}
	});

	it('copyFrom makes the answer copy a span of its source; without it the answer differs', { timeout: 120_000 }, async () => {
		const generator = new ChatGenerator(pipe);
		const source = 'Hydrochlorothiazide reduces the renal clearance of lithium, so lithium accumulates and causes toxicity.';
		const messages = [{ role: 'user' as const, content: `${source}\n\nWhat caused the lithium toxicity?` }];
		const free = await generator.generate(messages, { maxNewTokens: 40, temperature: 0 }, quiet);
		const copied = await generator.generate(messages, { maxNewTokens: 40, temperature: 0, copyFrom: { texts: [source] } }, quiet);
		expect(copied.text).not.toBe(free.text);
		// Some run of six source words appears in the answer as written there.
		const words = source.split(' ');
		const runs = words.slice(0, -5).map((_, i) => words.slice(i, i + 6).join(' '));
		expect(runs.some((run) => copied.text.includes(run))).toBe(true);
		expect(runs.some((run) => free.text.includes(run))).toBe(false);
	});
});
