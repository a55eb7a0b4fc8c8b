/**
 * Fixed "LLM answers" for library examples, for e2e tests of grounding flags: each has one sentence the
 * note supports (a close paraphrase whose words all occur in the note) and one it does not (it names a
 * drug and a disease the note never mentions). Fixed text keeps the test independent of the LLM.
 */
import type { KeyEntity } from './library';

export interface FixtureAnswer {
	exampleId: string;
	/** `supportedSentence + ' ' + unsupportedSentence`. */
	answer: string;
	supportedSentence: string;
	unsupportedSentence: string;
	/** Entities in the unsupported sentence that the note lacks. */
	unsupportedEntities: readonly KeyEntity[];
}

function fixture(
	exampleId: string,
	supportedSentence: string,
	unsupportedSentence: string,
	unsupportedEntities: readonly KeyEntity[]
): FixtureAnswer {
	return {
		exampleId,
		answer: `${supportedSentence} ${unsupportedSentence}`,
		supportedSentence,
		unsupportedSentence,
		unsupportedEntities
	};
}

export const FIXTURE_ANSWERS: readonly FixtureAnswer[] = [
	fixture(
		'interaction-warfarin',
		'She takes warfarin 5 mg daily for atrial fibrillation.',
		'Her history of epilepsy means phenytoin should be stopped.',
		[
			{ text: 'phenytoin', type: 'Chemical' },
			{ text: 'epilepsy', type: 'Disease' }
		]
	),
	fixture(
		'discharge-pneumonia',
		'He was treated with ceftriaxone and azithromycin for pneumonia.',
		'He was also started on heparin for a deep vein thrombosis.',
		[
			{ text: 'heparin', type: 'Chemical' },
			{ text: 'deep vein thrombosis', type: 'Disease' }
		]
	),
	fixture(
		'triage-chest-pain',
		'He has central chest pain radiating to the left arm.',
		'Give alteplase now because this is an ischemic stroke.',
		[
			{ text: 'alteplase', type: 'Chemical' },
			{ text: 'ischemic stroke', type: 'Disease' }
		]
	)
];

export function findFixtureAnswer(exampleId: string): FixtureAnswer | undefined {
	return FIXTURE_ANSWERS.find((f) => f.exampleId === exampleId);
}
