/**
 * An LLM prompted with Bedside's task prompts (taskPrompts.json: system prompt, user template, answer format,
 * max new tokens) through its chat template, greedy, and parsed strictly: an answer outside the format is no
 * answer (null) and counts in `unparsed_share`. This is how `bedside/med-lm-2`, tuned on these prompts, is run on
 * PubMedQA, entity listing, HoC, DDI and MedQuAD; any other LLM is run this way on HoC and DDI, which have no
 * other LLM prompt (there it measures how far an untuned model follows the format).
 */
import type { EvalItem, NerItem, Prediction } from '../schema';
import {
	ddiRequest,
	entitiesRequest,
	entityTaskFor,
	hocRequest,
	medquadRequest,
	parseDdiAnswer,
	parseEntityList,
	parseHallmarks,
	parsePubmedqaAnswer,
	pubmedqaRequest,
	TASK_PROMPT_SET,
	TASK_PROMPTS,
	type TaskRequest
} from '../taskPrompts';
import { tagsFromPhrases } from './llmGenerate';
import { entityTypesOf } from './ner';
import { outputOf, type ItemOutcome, type RunnerContext, type RunnerFactory } from './types';

/** A task's request for one item and how to read the answer; `parse` returns null for an unparsed answer. */
interface PromptedItem {
	request: TaskRequest;
	parse: (text: string) => Prediction;
	/** Open answers have no format: nothing is ever unparsed, so no unparsed_share is reported. */
	hasFormat: boolean;
}

/** The task prompt for an item; entity sets need their entity type (the set's gold type). */
export function promptFor(item: EvalItem, entityType: string | undefined): PromptedItem {
	switch (item.task) {
		case 'yesno':
			return { request: pubmedqaRequest(item), parse: parsePubmedqaAnswer, hasFormat: true };
		case 'multilabel':
			return { request: hocRequest(item), parse: (text) => parseHallmarks(text), hasFormat: true };
		case 'relation':
			return { request: ddiRequest(item), parse: parseDdiAnswer, hasFormat: true };
		case 'openqa':
			return { request: medquadRequest(item), parse: (text) => text.trim(), hasFormat: false };
		case 'ner': {
			const task = entityTaskFor(entityType ?? '');
			if (!task || !entityType)
				throw new TypeError(`the task prompts list chemicals or diseases, not "${entityType ?? 'no type'}" entities`);
			return {
				request: entitiesRequest(item, task),
				parse: (text) => entityTags(item, parseEntityList(text, task), entityType),
				hasFormat: true
			};
		}
		case 'mcq':
			throw new TypeError('the task prompts have no multiple-choice format (MCQ runs by log-likelihood)');
	}
}

/** Listed entity strings matched back to the sentence's tokens as BIO tags; null stays null (unparsed). */
function entityTags(item: NerItem, listed: string[] | null, type: string): string[] | null {
	return listed === null ? null : tagsFromPhrases(item.tokens, listed, type);
}

function create({ client, modelId, setItems }: RunnerContext) {
	const [entityType] = [...entityTypesOf(setItems)].sort();
	return {
		method: 'llm-task-prompts' as const,
		batchSize: 1,
		async predict(items: readonly EvalItem[]): Promise<ItemOutcome[]> {
			const outcomes: ItemOutcome[] = [];
			for (const item of items) {
				const { request, parse, hasFormat } = promptFor(item, entityType);
				const { output } = await client.infer(modelId, { kind: 'generate', ...request });
				const prediction = parse(outputOf(output, 'generate').text);
				outcomes.push(hasFormat ? { prediction, extra: { unparsed_share: prediction === null ? 1 : 0 } } : { prediction });
			}
			return outcomes;
		}
	};
}

const DESCRIPTION = `Bedside task prompt (system + task template, ${TASK_PROMPTS.version}) through the chat template, greedy, answer parsed strictly to its format (unparsed_share: answers outside it)`;

/** For LLMs tuned on the task prompts (catalogue `promptSet: "taskPrompts"`): every task the prompts cover. */
export const llmTaskPrompts: RunnerFactory = {
	method: 'llm-task-prompts',
	role: 'llm',
	tasks: ['yesno', 'ner', 'multilabel', 'relation', 'openqa'],
	promptSet: TASK_PROMPT_SET,
	description: DESCRIPTION,
	create
};

/** For any other LLM: HoC and DDI, the tasks without another LLM prompt. */
export const llmTaskPromptsUntuned: RunnerFactory = {
	method: 'llm-task-prompts',
	role: 'llm',
	tasks: ['multilabel', 'relation'],
	description: DESCRIPTION,
	create
};
