import { describe, expect, it } from 'vitest';
import type { SequenceClassification, TaskInput } from '../../inference/protocol';
import type { EvalItem, MultilabelItem, NerItem, RelationItem, YesNoItem } from '../schema';
import { TASK_PROMPT_SET } from '../taskPrompts';
import { newProgress, runJob, runnerFor, toEvalRun } from './index';
import { fakeClient } from './testing';

const relation = (id: string, answer: string): RelationItem => ({
	id,
	task: 'relation',
	question: 'Q',
	context: 'Aspirin increases warfarin levels.',
	entities: [
		{ text: 'Aspirin', type: 'drug', spans: [[0, 7]] },
		{ text: 'warfarin', type: 'drug', spans: [[18, 26]] }
	],
	answer
});
const hoc = (id: string, labels: string[], context = 'Cells die .'): MultilabelItem => ({ id, task: 'multilabel', context, labels });

/** A classifier stand-in: one prediction per text from `labelsFor`. */
function classifier(labelsFor: (text: string) => string[]) {
	return fakeClient((input: TaskInput) => {
		if (input.kind !== 'sequence-classification') throw new Error(`unexpected ${input.kind}`);
		const results: SequenceClassification[] = input.texts.map((text) => ({ scores: [], labels: labelsFor(text) }));
		return { kind: 'sequence-classification', results };
	});
}

/** An LLM stand-in answering generate requests from the user message. */
function llm(reply: (user: string) => string) {
	return fakeClient((input: TaskInput) => {
		if (input.kind !== 'generate') throw new Error(`unexpected ${input.kind}`);
		return { kind: 'generate', text: reply(input.messages.at(-1)?.content ?? '') };
	});
}

async function run(
	factoryTask: EvalItem['task'],
	role: string,
	client: ReturnType<typeof fakeClient>,
	items: EvalItem[],
	promptSet?: string
) {
	const factory = runnerFor(factoryTask, role, promptSet);
	if (!factory) throw new Error('no runner');
	const runner = factory.create({ client, modelId: 'm', setId: 's', seed: 1, setItems: items });
	const progress = newProgress();
	await runJob(runner, items, progress);
	const evalRun = toEvalRun({ set: 's', model: 'm', backend: 'wasm', seed: 1, method: factory.method, setItems: items }, items, progress);
	return { factory, runner, evalRun, metrics: Object.fromEntries(evalRun.metrics.map((m) => [m.name, m.ci.estimate])) };
}

describe('runner choice for the new models', () => {
	it('specialists by role, task prompts for an LLM tuned on them, loglik/generic prompts otherwise', () => {
		expect(runnerFor('multilabel', 'hallmarks')?.method).toBe('sequence-classifier');
		expect(runnerFor('relation', 'relation')?.method).toBe('sequence-classifier');
		expect(runnerFor('relation', 'hallmarks')).toBeNull();
		expect(runnerFor('multilabel', 'llm')?.method).toBe('llm-task-prompts');
		expect(runnerFor('relation', 'llm')?.method).toBe('llm-task-prompts');
		expect(runnerFor('yesno', 'llm')?.method).toBe('llm-loglik');
		expect(runnerFor('yesno', 'llm', TASK_PROMPT_SET)?.method).toBe('llm-task-prompts');
		expect(runnerFor('ner', 'llm', TASK_PROMPT_SET)?.method).toBe('llm-task-prompts');
		expect(runnerFor('openqa', 'llm', TASK_PROMPT_SET)?.method).toBe('llm-task-prompts');
		expect(runnerFor('mcq', 'llm', TASK_PROMPT_SET)?.method).toBe('llm-loglik');
		expect(runnerFor('ner', 'llm', 'some-other-set')?.method).toBe('llm-generate');
	});
});

describe('specialist runners', () => {
	it('DDI: marked sentences in batches of 16, one label each', async () => {
		const items = Array.from({ length: 18 }, (_, i) => relation(`d${i}`, i % 2 === 0 ? 'effect' : 'none'));
		const client = classifier((text) => [text.startsWith('[E1] Aspirin [/E1] increases [E2] warfarin [/E2]') ? 'effect' : 'none']);
		const { metrics, evalRun } = await run('relation', 'relation', client, items);
		expect(client.calls.map((c) => (c.kind === 'sequence-classification' ? c.texts.length : 0))).toEqual([16, 2]);
		// Every pair predicted effect: 9 right of 18; positives TP 9, predicted 18, gold 9 -> 18/27 = 2/3.
		expect(metrics.accuracy).toBe(0.5);
		expect(metrics.micro_f1).toBeCloseTo(2 / 3, 12);
		expect(metrics.f1_effect).toBeCloseTo(2 / 3, 12);
		expect(evalRun.items[0]?.prediction).toBe('effect');
	});

	it('HoC: each sentence takes the labels the classifier predicts, scored by macro- and micro-F1', async () => {
		const items = [
			hoc('h1', ['Resisting cell death'], 'apoptosis'),
			hoc('h2', [], 'nothing'),
			hoc('h3', ['Inducing angiogenesis'], 'vessels')
		];
		const client = classifier((text) =>
			text === 'apoptosis' ? ['Resisting cell death'] : text === 'nothing' ? ['Inducing angiogenesis'] : []
		);
		const { metrics, evalRun } = await run('multilabel', 'hallmarks', client, items);
		// death: TP 1 -> 1; angiogenesis: TP 0, predicted 1, gold 1 -> 0; macro 1/2; micro TP 1, pred 2, gold 2 -> 1/2
		expect(metrics).toMatchObject({ macro_f1: 0.5, micro_f1: 0.5 });
		expect(evalRun.items.map((i) => i.prediction)).toEqual([['Resisting cell death'], ['Inducing angiogenesis'], []]);
	});
});

describe('LLM task-prompt runner', () => {
	it('DDI and HoC: strict answers, unparsed ones count as no answer and in unparsed_share', async () => {
		const ddi = [relation('d1', 'effect'), relation('d2', 'none'), relation('d3', 'mechanism'), relation('d4', 'none')];
		const answers = ['effect', 'The answer is none', 'mechanism.', 'none'];
		let n = 0;
		const { metrics } = await run(
			'relation',
			'llm',
			llm(() => answers[n++] ?? ''),
			ddi
		);
		// d2 unparsed -> null; 3 of 4 right; unparsed 1/4.
		expect(metrics.accuracy).toBe(0.75);
		expect(metrics.unparsed_share).toBe(0.25);
		expect(metrics.micro_f1).toBe(1);

		const items = [hoc('h1', ['Resisting cell death']), hoc('h2', []), hoc('h3', ['Inducing angiogenesis'])];
		const replies = ['Hallmarks: Resisting cell death', 'None', 'I think angiogenesis'];
		let k = 0;
		const result = await run(
			'multilabel',
			'llm',
			llm(() => replies[k++] ?? ''),
			items
		);
		expect(result.metrics.unparsed_share).toBeCloseTo(1 / 3, 12);
		expect(result.evalRun.items.map((i) => i.prediction)).toEqual([['Resisting cell death'], [], null]);
		expect(result.evalRun.promptVersion).toBe('bedside-lm2-prompts-v1');
	});

	it('PubMedQA and entity listing for a tuned LLM, with the system prompt and the task budget', async () => {
		const yesno: YesNoItem[] = [
			{ id: 'p1', task: 'yesno', question: 'Q1', context: 'C', answer: 'yes' },
			{ id: 'p2', task: 'yesno', question: 'Q2', context: 'C', answer: 'no' }
		];
		const client = llm((user) => (user.includes('Q1') ? 'yes. Because.' : 'Probably not.'));
		const { metrics } = await run('yesno', 'llm', client, yesno, TASK_PROMPT_SET);
		expect(metrics).toMatchObject({ accuracy: 0.5, unparsed_share: 0.5 });
		const first = client.calls[0];
		expect(first?.kind === 'generate' && first.messages[0]?.role).toBe('system');
		expect(first?.kind === 'generate' && first.maxNewTokens).toBe(8);

		const ner: NerItem[] = [
			{ id: 'n1', task: 'ner', tokens: ['Aspirin', 'and', 'heparin', '.'], tags: ['B-Chemical', 'O', 'B-Chemical', 'O'] },
			{ id: 'n2', task: 'ner', tokens: ['No', 'drug', '.'], tags: ['O', 'O', 'O'] },
			{ id: 'n3', task: 'ner', tokens: ['Lithium', '.'], tags: ['B-Chemical', 'O'] }
		];
		const listed: Record<string, string> = { Aspirin: 'Chemicals: aspirin; heparin', No: 'None', Lithium: 'lithium' };
		const nerRun = await run(
			'ner',
			'llm',
			llm((user) => listed[user.slice('Text: '.length).split(' ')[0] ?? ''] ?? ''),
			ner,
			TASK_PROMPT_SET
		);
		// n1 both found, n2 none, n3 unparsed (no prefix) -> TP 2, predicted 2, gold 3 -> F1 0.8
		expect(nerRun.metrics.entity_f1).toBeCloseTo(0.8, 12);
		expect(nerRun.metrics.unparsed_share).toBeCloseTo(1 / 3, 12);
	});
});
