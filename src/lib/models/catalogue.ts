/**
 * Typed view of the model catalogue (catalogue.json). The JSON is the single source of truth so that Node
 * scripts (`npm run models`, `npm run catalogue:sync`) read exactly what the app reads.
 */
import raw from './catalogue.json';

/** `hallmarks` (HoC, multi-label) and `relation` (DDI drug pairs) are the sentence-classification specialists. */
export type Role = 'llm' | 'ner' | 'classify' | 'qa' | 'embed' | 'hallmarks' | 'relation';
export type Task =
	| 'text-generation'
	| 'token-classification'
	| 'feature-extraction'
	| 'zero-shot-classification'
	| 'question-answering'
	/** Sequence classification: one label (softmax) or several (sigmoid with per-label thresholds) per text. */
	| 'text-classification';
export type Device = 'webgpu' | 'wasm';
export type { Dtype } from './dtypes.js';
import type { Dtype } from './dtypes.js';

export interface ModelFile {
	/** Path inside the model folder, e.g. `onnx/model_quantized.onnx`. */
	path: string;
	/** Exact size in bytes; null while not pinned yet (Hub side files). */
	bytes: number | null;
	/** Lower-case hex sha256; null while not pinned yet. */
	sha256: string | null;
	/** For weight files: the Transformers.js dtype this file serves. */
	dtype?: Dtype;
}

export type ModelSource =
	| { kind: 'bundled'; path: string }
	| { kind: 'hub'; repo: string; revision: string }
	/** A user's own model, stored in this browser from a local folder (models/own/); never in the JSON. */
	| { kind: 'local'; folder: string };

export interface ModelEntry {
	id: string;
	label: string;
	task: Task;
	role: Role;
	license: string;
	source: ModelSource;
	bundled: boolean;
	/** True for Bedside's tiny models: the UI labels them as demos. */
	isDemo: boolean;
	note: string;
	defaults: { device: Device; dtype: Dtype };
	/** Devices the model is known to run on, in order of preference. */
	devices: Device[];
	/**
	 * Made for WebGPU (e.g. a q4f16 Hub LLM): on WASM it loads, but is too slow to be useful. The UI warns
	 * on machines without WebGPU (modelWarnings.ts).
	 */
	needsWebGPU?: boolean;
	/**
	 * Hub models: where the size and sha256 pins come from, and which files or what revision are not pinned (the
	 * download page refuses weights without a sha256 pin; unpinned side files get their hash recorded on first download).
	 */
	pinSource?: string;
	/**
	 * LLMs instruction-tuned on Bedside's task prompts (src/lib/eval/taskPrompts.json) name that prompt set here;
	 * the evaluation then prompts them in that format instead of the generic prompts.
	 */
	promptSet?: string;
	/** The user's own models only: when this copy was added (ISO time), so a re-added folder is reloaded. */
	addedAt?: string;
	files: ModelFile[];
}

interface CatalogueFile {
	models: ModelEntry[];
}

export const catalogue: readonly ModelEntry[] = (raw as CatalogueFile).models;

/**
 * A catalogue model by id. The page's lookups that include the user's own and downloaded models
 * are in own/registry.svelte.ts; the worker gets the entry with each load request.
 */
/** The catalogue entry with this id, or undefined (own and downloaded models are not in it). */
export function findCatalogueModel(id: string): ModelEntry | undefined {
	return catalogue.find((m) => m.id === id);
}

export function catalogueModel(id: string): ModelEntry {
	const entry = findCatalogueModel(id);
	if (!entry) throw new Error(`Unknown model id "${id}": it is not in src/lib/models/catalogue.json.`);
	return entry;
}

/** Total bytes of the files the given dtype needs (side files plus that dtype's weights). */
export function downloadBytes(entry: ModelEntry, dtype: Dtype = entry.defaults.dtype): number {
	return entry.files
		.filter((f) => f.dtype === undefined || f.dtype === dtype)
		.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
}

/**
 * What a licence string obliges, in words for the UI: non-commercial (CC BY-NC, e.g. a model trained on DDI 2013)
 * and copyleft (GPL, e.g. a model trained on HoC). Empty when the licence adds neither.
 */
export function licenseTerms(license: string): string[] {
	const terms: string[] = [];
	if (/\bNC\b|-NC-|non-?commercial/i.test(license)) terms.push('non-commercial use only');
	if (/\bA?GPL\b|GPL-/i.test(license)) terms.push('copyleft (GPL): keep the licence with any copy');
	return terms;
}

/** The model each view and script starts with, by role (catalogue.json `defaults`). */
export const DEFAULT_MODEL_IDS: { llm: string; ner: string; embed: string } = raw.defaults;
export const DEFAULT_LLM_ID = DEFAULT_MODEL_IDS.llm;
