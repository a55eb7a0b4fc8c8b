// "Adding a model of a known task is one catalogue entry": with one more NER entry in catalogue.json (and nothing
// else changed), every view's model list, the evaluation and the worker's task table take it.
import { describe, expect, it, vi } from 'vitest';

const EXTRA = {
	id: 'test-org/extra-ner',
	label: 'Extra NER (test entry)',
	task: 'token-classification',
	role: 'ner',
	license: 'MIT',
	source: { kind: 'hub', repo: 'test-org/extra-ner', revision: 'main' },
	bundled: false,
	isDemo: false,
	note: 'Added by oneEntry.test.ts only.',
	defaults: { device: 'wasm', dtype: 'q8' },
	devices: ['wasm'],
	files: [
		{ path: 'config.json', bytes: 10, sha256: null },
		{ path: 'onnx/model_quantized.onnx', bytes: 1000, sha256: 'a'.repeat(64), dtype: 'q8' }
	]
};

vi.mock('./catalogue.json', async (importOriginal) => {
	const original = (await importOriginal()) as { default: { models: unknown[] } };
	return { default: { ...original.default, models: [...original.default.models, EXTRA] } };
});

describe('one catalogue entry', () => {
	it('appears in Chat/Compare/Models lists (registry), Evaluate, and is runnable by the engine', async () => {
		const { getModel, listModels } = await import('./own/registry.svelte');
		const { evalModels } = await import('../ui/eval/evalSession.svelte');
		const { TASKS, isRunnableTask } = await import('./tasks');
		const { downloadBytes } = await import('./catalogue');
		expect(listModels('ner').map((m) => m.id)).toContain(EXTRA.id); // Compare's NER picker, Chat by role
		expect(listModels().map((m) => m.id)).toContain(EXTRA.id); // Models tab
		expect(evalModels().map((m) => m.id)).toContain(EXTRA.id); // Evaluate
		expect(getModel(EXTRA.id).role).toBe(TASKS['token-classification'].role);
		expect(isRunnableTask(getModel(EXTRA.id).task)).toBe(true);
		expect(downloadBytes(getModel(EXTRA.id))).toBe(1010); // size shown before a download
	});
});
