/**
 * Fixed prompts for log-likelihood scoring: the model reads `prompt` and each candidate `continuation` is scored
 * by its log-probability; the best-scoring label is the prediction. No sampling and no text parsing, so a run is
 * deterministic. Changing any wording changes results: bump PROMPT_VERSION, which results record.
 */
import { YES_NO_ANSWERS, type McqItem, type YesNoItem } from './schema';

export const PROMPT_VERSION = 'bedside-prompts-v1';

/** Long enough for a PubMedQA abstract's key sections, short enough for small models' context windows. */
export const DEFAULT_MAX_CONTEXT_CHARS = 2000;

export interface ScoringCandidate {
	/** The prediction this candidate stands for: an option letter or yes/no/maybe. */
	label: string;
	/** The text scored after the prompt; the leading space makes it a separate word for BPE tokenizers. */
	continuation: string;
}

export interface ScoringPrompt {
	prompt: string;
	candidates: ScoringCandidate[];
}

export function buildMcqPrompt(item: McqItem): ScoringPrompt {
	const letters = Object.keys(item.options).sort();
	const optionLines = letters.map((letter) => `${letter}. ${oneLine(item.options[letter] ?? '')}`);
	const prompt = [
		'The following is a multiple choice question about medicine.',
		'',
		`Question: ${item.question.trim()}`,
		...optionLines,
		'Answer:'
	].join('\n');
	return { prompt, candidates: letters.map((letter) => ({ label: letter, continuation: ` ${letter}` })) };
}

export interface YesNoPromptOptions {
	maxContextChars?: number;
}

export function buildYesNoPrompt(item: YesNoItem, { maxContextChars = DEFAULT_MAX_CONTEXT_CHARS }: YesNoPromptOptions = {}): ScoringPrompt {
	const prompt = [
		'Answer the research question with yes, no or maybe, based on the abstract.',
		'',
		`Question: ${item.question.trim()}`,
		`Context: ${truncateAtWord(item.context.trim(), maxContextChars)}`,
		'Answer:'
	].join('\n');
	return { prompt, candidates: YES_NO_ANSWERS.map((answer) => ({ label: answer, continuation: ` ${answer}` })) };
}

/**
 * Cuts text to at most `maxChars` characters (plus a marker), at the last word boundary so no word is split.
 * A cut shows as " ..." so the model sees the text is incomplete.
 */
export function truncateAtWord(text: string, maxChars: number): string {
	if (text.length <= maxChars) return text;
	// Never end on half of a surrogate pair (emoji, rare CJK), which would render as a broken character.
	const end = /[\uD800-\uDBFF]/.test(text[maxChars - 1] ?? '') ? maxChars - 1 : maxChars;
	const cut = text.slice(0, end);
	const lastSpace = cut.search(/\s\S*$/);
	// One giant "word" has no boundary to cut at: cut it mid-word rather than drop everything.
	return `${(lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd()} ...`;
}

/** Option texts stay on their own line, so a newline inside one cannot fake another option. */
function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}
