/**
 * What Compare asks the LLM. A model tuned on Bedside's task prompts (catalogue `promptSet: "taskPrompts"`, i.e.
 * med-lm-2) never saw a free "Clinical note: ... Question: ..." prompt: asked that way it answered "None" or a
 * hallmark list for 12 of the 14 library examples. It was trained to answer from numbered passages and cite them
 * (`library_answer`), so it gets the note in that form: the note's sentences grouped in order into passages of at
 * most the trained passage length, the answer leaning on them (copy bias) as the chat's library answers do. Every
 * other model gets the plain prompt.
 */
import { splitLongSentences } from '../../clinical/chunks';
import { splitSentences } from '../../clinical/sentences';
import { TASK_PROMPT_SET } from '../../eval/taskPrompts';
import { MAX_COPY_SOURCES, type ChatMessage, type CopySources } from '../../inference/protocol';
import { libraryCopySources, libraryMessages, PROMPT_PASSAGE_CHARS } from '../../library/libraryPrompt';
import { stripCitations } from '../../library/citations';

/** The question asked when the user leaves it empty. */
export const DEFAULT_QUESTION = 'Summarize the note.';

/** The question as asked: trimmed, or the default when left empty. */
function askedQuestion(question: string): string {
	return question.trim() === '' ? DEFAULT_QUESTION : question.trim();
}

/** The plain prompt: the note, then the question. */
export function llmPrompt(note: string, question: string): string {
	return `Clinical note:\n${note.trim()}\n\nQuestion: ${askedQuestion(question)}`;
}

/** The note's sentences, in order, grouped into passages of at most `maxChars` (a longer sentence is split). */
export function notePassages(note: string, maxChars = PROMPT_PASSAGE_CHARS): { text: string }[] {
	const passages: { text: string }[] = [];
	let current = '';
	for (const sentence of splitLongSentences(splitSentences(note), maxChars)) {
		const joined = current === '' ? sentence.text : `${current} ${sentence.text}`;
		if (current !== '' && joined.length > maxChars) {
			passages.push({ text: current });
			current = sentence.text;
		} else current = joined;
	}
	if (current !== '') passages.push({ text: current });
	return passages;
}

export interface CompareRequest {
	messages: ChatMessage[];
	/** Set when the answer leans on the note (see the module comment). */
	copyFrom?: CopySources;
	/** The prompt format, in words: the LLM side shows it, compare_examples records it with each answer. */
	format: 'note and question' | 'note as cited passages';
}

export function compareRequest(promptSet: string | undefined, note: string, question: string): CompareRequest {
	if (promptSet !== TASK_PROMPT_SET)
		return { messages: [{ role: 'user', content: llmPrompt(note, question) }], format: 'note and question' };
	const passages = notePassages(note);
	// A note too long for the model's context loses its start (contextFit.ts keeps the prompt's end, the question),
	// so the copy sources, limited in number, are the note's last passages.
	const copyFrom = libraryCopySources(passages.slice(-MAX_COPY_SOURCES));
	return { messages: libraryMessages(askedQuestion(question), passages), copyFrom, format: 'note as cited passages' };
}

/** The answer as Compare shows and checks it: citation markers of passages cut from the note itself say nothing. */
export function compareAnswerText(answer: string, request: CompareRequest): string {
	return request.format === 'note as cited passages' ? stripCitations(answer) : answer;
}
