import { describe, expect, it } from 'vitest';
import type { MultilabelItem, NerItem, RelationItem, YesNoItem } from './schema';
import {
	ddiRequest,
	entitiesRequest,
	fillTemplate,
	hocRequest,
	parseDdiAnswer,
	parseEntityList,
	parseHallmarks,
	parsePubmedqaAnswer,
	pubmedqaRequest,
	PUBMEDQA_PARSE_TOKENS,
	TASK_PROMPTS
} from './taskPrompts';

describe('task prompt requests', () => {
	it('fills placeholders once, leaving unknown ones and braces in values alone', () => {
		expect(fillTemplate('Text: {text} {other}', { text: 'a {other} b' })).toBe('Text: a {other} b {other}');
	});

	it('sends the system prompt, then the filled user template, with the task token budget', () => {
		const item: YesNoItem = { id: 'p', task: 'yesno', question: ' Does it work? ', context: ' It works. ', answer: 'yes' };
		const request = pubmedqaRequest(item);
		expect(request.messages).toEqual([
			{ role: 'system', content: TASK_PROMPTS.system },
			{ role: 'user', content: 'Abstract:\nIt works.\n\nQuestion: Does it work?\nAnswer yes, no or maybe, then explain.' }
		]);
		expect(request.maxNewTokens).toBe(PUBMEDQA_PARSE_TOKENS);
		expect(request.repetitionPenalty).toBeUndefined();
	});

	it('cuts a long abstract at a word boundary before max_chars, as training did', () => {
		const context = 'word '.repeat(1000);
		const user = pubmedqaRequest({ id: 'p', task: 'yesno', question: 'Q', context, answer: 'no' }).messages[1]!.content;
		const abstract = user.slice('Abstract:\n'.length, user.indexOf('\n\nQuestion'));
		expect(abstract.endsWith(' ...')).toBe(true);
		expect(abstract.length).toBeLessThanOrEqual((TASK_PROMPTS.tasks.pubmedqa.max_chars ?? 0) + 4);
	});

	it('marks the DDI pair and names both drugs', () => {
		const item: RelationItem = {
			id: 'd',
			task: 'relation',
			question: 'Q',
			context: 'Aspirin increases warfarin levels.',
			entities: [
				{ text: 'Aspirin', type: 'drug', spans: [[0, 7]] },
				{ text: 'warfarin', type: 'drug', spans: [[18, 26]] }
			],
			answer: 'effect'
		};
		expect(ddiRequest(item).messages[1]!.content).toBe(
			'Text: [E1] Aspirin [/E1] increases [E2] warfarin [/E2] levels.\nWhat kind of interaction does the text state between [E1] Aspirin and [E2] warfarin? Answer mechanism, effect, advise, int or none.'
		);
		expect(ddiRequest(item).maxNewTokens).toBe(4);
	});

	it('joins NER tokens with spaces and HoC sentences as given', () => {
		const ner: NerItem = { id: 'n', task: 'ner', tokens: ['Aspirin', 'helps', '.'], tags: ['B-Chemical', 'O', 'O'] };
		expect(entitiesRequest(ner, 'entities_chemical').messages[1]!.content).toBe('Text: Aspirin helps .\nList the chemicals in the text.');
		const hoc: MultilabelItem = { id: 'h', task: 'multilabel', context: 'Cells die .', labels: [] };
		expect(hocRequest(hoc).messages[1]!.content).toBe('Text: Cells die .\nWhich hallmarks of cancer does the text describe?');
	});
});

describe('strict parsers', () => {
	it('PubMedQA: the first word, lower-cased, else unparsed', () => {
		expect(parsePubmedqaAnswer('Yes. The study shows...')).toBe('yes');
		expect(parsePubmedqaAnswer('  maybe')).toBe('maybe');
		expect(parsePubmedqaAnswer('no.')).toBe('no');
		expect(parsePubmedqaAnswer('The answer is yes')).toBeNull();
		expect(parsePubmedqaAnswer('yesterday')).toBeNull();
		expect(parsePubmedqaAnswer('')).toBeNull();
	});

	it('DDI: exactly one of the five types as the first word', () => {
		expect(parseDdiAnswer('mechanism')).toBe('mechanism');
		expect(parseDdiAnswer(' Effect\n')).toBe('effect');
		expect(parseDdiAnswer('int')).toBe('int');
		expect(parseDdiAnswer('interaction')).toBeNull();
		expect(parseDdiAnswer('an effect')).toBeNull();
	});

	it('entity lists: exact "None", else the prefix and a ;-separated list', () => {
		expect(parseEntityList('None', 'entities_chemical')).toEqual([]);
		expect(parseEntityList('Chemicals: aspirin; heparin sodium ;', 'entities_chemical')).toEqual(['aspirin', 'heparin sodium']);
		expect(parseEntityList('Diseases: cancer', 'entities_chemical')).toBeNull();
		expect(parseEntityList('none', 'entities_disease')).toBeNull();
		expect(parseEntityList('aspirin, heparin', 'entities_chemical')).toBeNull();
		expect(parseEntityList('Diseases:', 'entities_disease')).toEqual([]);
	});

	it('HoC: exact label names (case-insensitive), written as in the label list; listed items none of which is a label are unparsed', () => {
		expect(parseHallmarks('None')).toEqual([]);
		expect(parseHallmarks('Hallmarks: resisting cell death; Inducing angiogenesis; resisting cell death')).toEqual([
			'Resisting cell death',
			'Inducing angiogenesis'
		]);
		expect(parseHallmarks('Hallmarks: Resisting cell death; growing fast')).toEqual(['Resisting cell death']);
		expect(parseHallmarks('Hallmarks: growing fast')).toBeNull();
		expect(parseHallmarks('Hallmarks:')).toEqual([]);
		expect(parseHallmarks('Resisting cell death')).toBeNull();
	});
});
