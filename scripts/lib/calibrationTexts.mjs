// Texts for scripts/calibrateUncertainty.mjs: the dev items it reads (../shared/data via public/data) and the texts
// with no clinical content it generates (seeded, so the calibration is reproducible).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runnerImport } from 'vite';
import { REPO_ROOT } from './catalogue.mjs';

/** The app's seeded generator (mulberry32), enough for picking words. */
const { mulberry32 } = (await runnerImport(join(REPO_ROOT, 'src/lib/eval/bootstrap.ts'))).module;

export const readJsonl = (path) =>
	readFileSync(path, 'utf8')
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => JSON.parse(l));

const EMOJI = [...'😀😂🥲😍🤔😴🤯🥳😎🙈🐶🐱🦊🐼🐸🍕🍔🍟🌮🍩🍎⚽🏀🎸🎮🚗✈️🌈⭐🔥💧🎉🎁📱💡📚🏠🌻🌙☀️'].filter((c) => c.trim());
const LOREM = (
	'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna ' +
	'aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute ' +
	'irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non ' +
	'proident sunt culpa qui officia deserunt mollit anim id est laborum'
).split(' ');
const WORDS = (
	'table window garden river mountain yellow quickly bicycle kitchen pencil guitar orange cloud market ticket ' +
	'holiday camera silver forest button letter morning travel carpet engine planet island summer winter autumn ' +
	'basket mirror ladder circle friend rabbit castle bridge harbor pocket candle violin meadow desert jacket ' +
	'painting story music dance laugh follow build carry listen wander borrow gather whisper polish sweep ' +
	'bright gentle narrow heavy quiet noisy ancient modern clever lazy purple wooden famous sudden'
).split(' ');
const PROSE = [
	'The train to the coast leaves at nine and arrives just after lunch.',
	'Preheat the oven, then whisk the eggs with sugar until pale.',
	'Our team won the final after extra time in front of a full stadium.',
	'The quarterly report shows revenue up four percent on last year.',
	'Rain is expected over the weekend, with sunshine returning on Monday.',
	'Please remember to water the tomatoes and close the greenhouse door.',
	'The museum opens a new exhibition of landscape paintings next month.',
	'He parked the car by the bakery and walked to the bookshop.',
	'The committee will vote on the new playground budget on Thursday.',
	'Add the onions to the pan and stir until they are golden.',
	'The band played their new album from start to finish.',
	'Flights were delayed because of fog at the airport this morning.',
	'The software update adds a dark mode and fixes the login screen.',
	'She planted roses along the fence and painted the shed blue.',
	'Tickets for the concert sold out within an hour.',
	'The hiking trail climbs steeply before reaching the lake.'
];

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
/** Log-uniform integer in [lo, hi]: short and very long texts both occur. */
const logInt = (rand, lo, hi) => Math.round(Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo))));

function sentencesOf(rand, words, n) {
	const out = [];
	for (let i = 0; i < n;) {
		const len = Math.min(n - i, 4 + Math.floor(rand() * 10));
		const s = Array.from({ length: len }, () => pick(rand, words)).join(' ');
		out.push(s.charAt(0).toUpperCase() + s.slice(1) + '.');
		i += len;
	}
	return out.join(' ');
}

/** `perKind` texts of each kind with no clinical content: emoji, lorem ipsum, word salad, everyday prose, symbols. */
export function nonClinicalTexts(perKind, seed) {
	const rand = mulberry32(seed);
	const kinds = {
		emoji: () => Array.from({ length: logInt(rand, 1, 3500) }, () => pick(rand, EMOJI)).join(rand() < 0.5 ? '' : ' '),
		lorem: () => sentencesOf(rand, LOREM, logInt(rand, 3, 400)),
		'random words': () => sentencesOf(rand, WORDS, logInt(rand, 3, 400)),
		'everyday prose': () => Array.from({ length: logInt(rand, 1, 12) }, () => pick(rand, PROSE)).join(' '),
		symbols: () => Array.from({ length: logInt(rand, 3, 2000) }, () => pick(rand, [...'0123456789#*+-=/.,;:!?()[]{}@&% '])).join('')
	};
	return Object.entries(kinds).flatMap(([kind, make]) => Array.from({ length: perKind }, () => ({ kind, text: make() })));
}

/** Dev texts with clinical content: USMLE vignettes, PubMed abstracts, MedQuAD answers. */
export function clinicalTexts(dataDir, maxChars) {
	const texts = [
		...readJsonl(join(dataDir, 'medqa_usmle4', 'dev.jsonl')).map((x) => ({ kind: 'medqa_usmle4 vignette', text: x.question })),
		...readJsonl(join(dataDir, 'pubmedqa', 'dev.jsonl')).map((x) => ({ kind: 'pubmedqa abstract', text: x.context })),
		...readJsonl(join(dataDir, 'medquad', 'dev.jsonl')).map((x) => ({ kind: 'medquad answer', text: x.answer }))
	];
	return texts.filter((t) => t.text.length <= maxChars);
}

/** MedQuAD's question types, read off the question templates; only types with enough dev items are kept. */
export const QUESTION_TYPES = [
	{ label: 'overview', pattern: /^What (is|are) \(are\)/, description: 'what the condition is: a description and overview of the disease' },
	{ label: 'treatment', pattern: /treatments? for/, description: 'treatment options: medications, therapy, surgery and management' },
	{
		label: 'inheritance',
		pattern: /inherited/,
		description: 'inheritance pattern: autosomal dominant or recessive, risk of passing it to children'
	},
	{ label: 'frequency', pattern: /How many people/, description: 'how common the condition is: prevalence and number of people affected' },
	{ label: 'symptoms', pattern: /symptoms of/, description: 'signs and symptoms: what people with the condition experience' },
	{ label: 'genetic changes', pattern: /genetic changes/, description: 'mutations in genes that cause the condition' }
];

/** MedQuAD answers with the question type as their known category (the answer's restated question removed). */
export function medquadByType(dataDir) {
	return readJsonl(join(dataDir, 'medquad', 'dev.jsonl')).flatMap((x) => {
		const type = QUESTION_TYPES.find((t) => t.pattern.test(x.question));
		return type ? [{ id: x.id, category: type.label, text: withoutRestatedQuestion(x.answer) }] : [];
	});
}

/** Many MedQuAD answers open by restating the question ("How is X inherited? ..."): that sentence is not an answer. */
export function withoutRestatedQuestion(text) {
	const m = /^[^.?!]{0,200}\?\s+/u.exec(text);
	return m ? text.slice(m[0].length) : text;
}
