import { describe, expect, it } from 'vitest';
import type { NerItem, OpenQaItem } from '../schema';
import { runnerFor } from './index';
import {
	buildExtractionPrompt,
	EXTRACT_MAX_NEW_TOKENS,
	llmGenerate,
	OPENQA_MAX_NEW_TOKENS,
	parseListedPhrases,
	tagsFromPhrases
} from './llmGenerate';
import { fakeClient } from './testing';

/** Answers every generate request with `reply(last message)`; any other kind is a test bug. */
function generatingClient(reply: (prompt: string) => string) {
	return fakeClient((input) => {
		if (input.kind !== 'generate') throw new Error(`unexpected ${input.kind}`);
		return { kind: 'generate', text: reply(input.messages.at(-1)?.content ?? '') };
	});
}

const ner = (id: string, tokens: string[], tags: string[]): NerItem => ({ id, task: 'ner', tokens, tags });

describe('parseListedPhrases', () => {
	it('splits lists on commas, semicolons, lines and bullets, and drops "none" and numbering', () => {
		expect(parseListedPhrases('aspirin, heparin; \n- warfarin.\n1. aspirin')).toEqual(['aspirin', 'heparin', 'warfarin']);
		expect(parseListedPhrases('None.')).toEqual([]);
		expect(parseListedPhrases('')).toEqual([]);
	});
});

describe('tagsFromPhrases', () => {
	const tokens = ['Heart', 'failure', 'after', 'doxorubicin', 'and', 'heart', 'failure', '.'];
	it('tags every whole-token, case-insensitive occurrence, longest phrases first', () => {
		expect(tagsFromPhrases(tokens, ['heart failure', 'Doxorubicin'], 'Disease')).toEqual([
			'B-Disease',
			'I-Disease',
			'O',
			'B-Disease',
			'O',
			'B-Disease',
			'I-Disease',
			'O'
		]);
	});
	it('ignores phrases that are not in the sentence or only part of a token', () => {
		expect(tagsFromPhrases(tokens, ['cancer', 'doxo', 'heart failure after chemo'], 'Disease')).toEqual(tokens.map(() => 'O'));
	});
});

describe('llmGenerate runner', () => {
	it('is the LLM runner for open questions and NER; log-likelihood keeps MCQ and yes/no', () => {
		expect(runnerFor('openqa', 'llm')?.method).toBe('llm-generate');
		expect(runnerFor('ner', 'llm')?.method).toBe('llm-generate');
		expect(runnerFor('mcq', 'llm')?.method).toBe('llm-loglik');
		expect(runnerFor('ner', 'ner')?.method).toBe('ner-tagger');
	});

	it('answers open questions with a greedy reply to the question', async () => {
		const client = generatingClient((q) => ` Answer to ${q} `);
		const item: OpenQaItem = { id: 'q1', task: 'openqa', question: 'What is asthma?', answer: 'A lung disease.' };
		const runner = llmGenerate.create({ client, modelId: 'm', setId: 'medquad', seed: 1, setItems: [item] });
		expect(await runner.predict([item])).toEqual([{ prediction: 'Answer to What is asthma?' }]);
		expect(client.calls[0]).toEqual({
			kind: 'generate',
			messages: [{ role: 'user', content: 'What is asthma?' }],
			maxNewTokens: OPENQA_MAX_NEW_TOKENS
		});
	});

	it("extracts the set's entity type from a listed reply and tags it back onto the tokens", async () => {
		const items = [ner('a', ['Cisplatin', 'caused', 'nephrotoxicity', '.'], ['B-Chemical', 'O', 'O', 'O'])];
		const client = generatingClient(() => 'cisplatin, nothing else');
		const runner = llmGenerate.create({ client, modelId: 'm', setId: 'bc5cdr_chem', seed: 1, setItems: items });
		expect(await runner.predict(items)).toEqual([{ prediction: ['B-Chemical', 'O', 'O', 'O'] }]);
		const call = client.calls[0];
		expect(call?.kind === 'generate' && call.maxNewTokens).toBe(EXTRACT_MAX_NEW_TOKENS);
		expect(call?.kind === 'generate' && call.messages[0]?.content).toBe(buildExtractionPrompt(items[0]!.tokens, ['Chemical']));
		expect(buildExtractionPrompt(['x'], ['Chemical'])).toContain('chemicals and drugs');
	});
});
