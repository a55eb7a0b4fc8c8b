/**
 * Compare-view state in the URL hash, so an example can be shared as a link. The hash never reaches a
 * server. Format: `#compare=v1.<base64url of UTF-8 JSON>`; the version lets the format change later.
 * Decoding meets whatever someone pasted, so it returns a typed error instead of throwing.
 */
import { base64urlToBytes, bytesToBase64url } from './base64url';
import { fail, succeed, type Outcome } from './outcome';

export const URL_STATE_KEY = 'compare';
export const URL_STATE_VERSION = 1;
/** Longer links get cut by chat apps and mail clients; past this, download the JSON instead. */
export const MAX_URL_STATE_CHARS = 24_000;
export const MAX_SHARED_MODEL_IDS = 16;
export const MAX_SHARED_LABELS = 20;

export interface CompareState {
	note: string;
	question: string;
	/** Library example the note came from, if unchanged; null for the user's own text. */
	exampleId: string | null;
	/** Catalogue model ids selected on each side. */
	modelIds: string[];
	/** Classification label lines ("label: description"). */
	labels: string[];
}

export type UrlStateErrorCode =
	'empty' | 'not-compare-state' | 'unsupported-version' | 'too-large' | 'bad-encoding' | 'bad-json' | 'bad-shape';

export interface UrlStateError {
	code: UrlStateErrorCode;
	/** Says what happened and what to do, for display. */
	message: string;
}

/** Short keys keep links short; the version prefix guards their meaning. */
interface WireStateV1 {
	n: string;
	q: string;
	e: string | null;
	m: string[];
	l: string[];
}

function tooLarge(length: number): UrlStateError {
	return {
		code: 'too-large',
		message: `The link would be ${length} characters, over the ${MAX_URL_STATE_CHARS} that can be shared safely. Shorten the note or download the result as JSON instead.`
	};
}

/** The hash (with '#') for `state`, or a 'too-large' error. */
export function encodeCompareState(state: CompareState): Outcome<string, UrlStateError> {
	const wire: WireStateV1 = {
		n: state.note,
		q: state.question,
		e: state.exampleId,
		m: state.modelIds.slice(0, MAX_SHARED_MODEL_IDS),
		l: state.labels.slice(0, MAX_SHARED_LABELS)
	};
	const payload = bytesToBase64url(new TextEncoder().encode(JSON.stringify(wire)));
	const hash = `#${URL_STATE_KEY}=v${URL_STATE_VERSION}.${payload}`;
	return hash.length > MAX_URL_STATE_CHARS ? fail(tooLarge(hash.length)) : succeed(hash);
}

function isStringArray(value: unknown, maxLength: number): value is string[] {
	return Array.isArray(value) && value.length <= maxLength && value.every((v) => typeof v === 'string');
}

function fromWire(value: unknown): CompareState | null {
	if (typeof value !== 'object' || value === null) return null;
	const { n, q, e = null, m, l } = value as Partial<Record<keyof WireStateV1, unknown>>;
	if (typeof n !== 'string' || typeof q !== 'string') return null;
	if (e !== null && typeof e !== 'string') return null;
	if (!isStringArray(m, MAX_SHARED_MODEL_IDS) || !isStringArray(l, MAX_SHARED_LABELS)) return null;
	return { note: n, question: q, exampleId: e, modelIds: m, labels: l };
}

/** The `compare=` value among `&`-separated hash parameters, or null. */
function compareParameter(hash: string): string | null {
	for (const part of hash.replace(/^#/, '').split('&')) {
		if (part.startsWith(`${URL_STATE_KEY}=`)) return part.slice(URL_STATE_KEY.length + 1);
	}
	return null;
}

/** State from a location hash (with or without '#'). */
export function decodeCompareState(hash: string): Outcome<CompareState, UrlStateError> {
	if (hash.replace(/^#/, '').trim() === '') {
		return fail({ code: 'empty', message: 'The link has no shared state.' });
	}
	if (hash.length > MAX_URL_STATE_CHARS) return fail(tooLarge(hash.length));
	const parameter = compareParameter(hash);
	const match = parameter === null ? null : /^v(\d+)\.(.*)$/s.exec(parameter);
	if (!match?.[1] || match[2] === undefined) {
		return fail({
			code: 'not-compare-state',
			message: 'The link does not hold a Bedside comparison.'
		});
	}
	if (Number(match[1]) !== URL_STATE_VERSION) {
		return fail({
			code: 'unsupported-version',
			message: `The link was made by a different Bedside version (format v${match[1]}); this one reads v${URL_STATE_VERSION}.`
		});
	}
	const bytes = base64urlToBytes(match[2]);
	let json: string | null;
	try {
		json = bytes && new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		json = null;
	}
	if (json === null) {
		return fail({
			code: 'bad-encoding',
			message: 'The link is damaged (it may have been cut short when copied).'
		});
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(json);
	} catch {
		return fail({ code: 'bad-json', message: 'The link is damaged: its content is not readable.' });
	}
	const state = fromWire(parsed);
	return state
		? succeed(state)
		: fail({
				code: 'bad-shape',
				message: 'The link content is missing the note, question or model list.'
			});
}
