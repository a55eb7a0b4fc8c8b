/** A few synthetic, PHI-free clinical prompts for the chat view (the full library comes with issue 5). */
export interface ExamplePrompt {
	title: string;
	prompt: string;
}

export const EXAMPLE_PROMPTS: readonly ExamplePrompt[] = [
	{ title: 'Symptoms', prompt: 'What are the symptoms of type 2 diabetes?' },
	{ title: 'Drug interaction', prompt: 'Can warfarin be taken together with aspirin?' },
	{ title: 'Lab result', prompt: 'What does a high potassium level in the blood mean?' },
	{ title: 'Treatment', prompt: 'How is community-acquired pneumonia treated?' },
	{ title: 'Triage', prompt: 'A 60-year-old has chest pain spreading to the left arm. What should be done first?' }
];
