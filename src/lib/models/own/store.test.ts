import { describe, expect, it, vi } from 'vitest';
import { checkModelFolder, type PickedFile } from './folderCheck';
import { fetchWithUserModels, userModelPath } from './fileRouting';
import {
	deleteUserModel,
	readUserModels,
	saveUserModel,
	userModelEntry,
	userModelName,
	userModelState
} from './store';
// The download engine's in-memory OPFS stand-in serves both stores.
import { FakeDirectory } from '../../download/testing';

const CONFIG = JSON.stringify({ model_type: 'bert' });
const FOLDER: Record<string, string> = {
	'config.json': CONFIG,
	'tokenizer.json': '{"model":{}}',
	'tokenizer_config.json': '{}',
	'onnx/model_quantized.onnx': 'q8 weights',
	'onnx/model.onnx': 'fp32 weights, longer'
};
const picked: PickedFile[] = Object.entries(FOLDER).map(([path, text]) => ({ path, bytes: new Blob([text]).size }));
const blobs = Object.entries(FOLDER).map(([path, text]) => ({ path, blob: new Blob([text]) }));

function nerEntry(folder = 'my-ner') {
	return userModelEntry(folder, 'token-classification', checkModelFolder(picked, 'token-classification', CONFIG), picked);
}

describe('user model entries', () => {
	it('are catalogue-shaped, with the role of the task, WASM and the WASM-friendliest dtype', () => {
		const entry = nerEntry();
		expect(entry).toMatchObject({
			id: 'user/my-ner',
			task: 'token-classification',
			role: 'ner',
			license: 'user-provided',
			source: { kind: 'local', folder: 'my-ner' },
			bundled: false,
			defaults: { device: 'wasm', dtype: 'q8' },
			devices: ['wasm']
		});
		expect(entry.files.find((f) => f.path === 'onnx/model_quantized.onnx')).toMatchObject({ dtype: 'q8', bytes: 10, sha256: null });
		expect(entry.files.find((f) => f.path === 'onnx/model.onnx')?.dtype).toBe('fp32');
		expect(entry.files.find((f) => f.path === 'config.json')?.dtype).toBeUndefined();
	});

	it('refuse a folder that failed the check', () => {
		const bad = picked.filter((f) => f.path !== 'tokenizer.json');
		expect(() => userModelEntry('x', 'token-classification', checkModelFolder(bad, 'token-classification', CONFIG), bad)).toThrow(/passed the check/);
	});

	it('get ids Transformers.js accepts from any folder name', () => {
		expect(userModelName('my-ner')).toBe('my-ner');
		expect(userModelName('My Model (v2)')).toBe('My-Model-v2');
		expect(userModelName('..a--b..c')).toBe('a-b.c');
		expect(userModelName('Modèle')).toBe('Modele');
		expect(userModelName('%%%')).toBe('model');
		expect(userModelName('x'.repeat(200))).toHaveLength(64);
	});
});

describe('storage (OPFS)', () => {
	it('stores files and lists the entry; deleting removes both', async () => {
		const root = new FakeDirectory();
		const entry = nerEntry();
		expect(await readUserModels(root)).toEqual([]);
		expect(await saveUserModel(root, entry, blobs)).toEqual([entry]);
		expect(await readUserModels(root)).toEqual([entry]);
		expect(await userModelState(root, entry)).toEqual({ kind: 'installed', bytes: 10 + CONFIG.length + 12 + 2 });

		const response = await fetchWithUserModels(async () => root, vi.fn())('/models/user/my-ner/onnx/model_quantized.onnx');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-length')).toBe('10');
		expect(await response.text()).toBe('q8 weights');

		expect(await deleteUserModel(root, entry.id)).toEqual([]);
		expect(await readUserModels(root)).toEqual([]);
		expect(root.dirs.get('user-models')?.dirs.get('models')?.dirs.has('my-ner')).toBe(false);
		expect(await userModelState(root, entry)).toMatchObject({ kind: 'missing' });
	});

	it('replaces a model added again under the same name, and keeps the others', async () => {
		const root = new FakeDirectory();
		await saveUserModel(root, nerEntry('a'), blobs);
		await saveUserModel(root, nerEntry('b'), blobs);
		const again = { ...nerEntry('a'), note: 'again' };
		await saveUserModel(root, again, blobs.slice(0, 3));
		expect((await readUserModels(root)).map((e) => [e.id, e.note])).toEqual([['user/b', nerEntry('b').note], ['user/a', 'again']]);
		const a = root.dirs.get('user-models')!.dirs.get('models')!.dirs.get('a')!;
		expect(a.dirs.has('onnx')).toBe(false);
	});

	it('lists nothing when a copy fails half-way, and leaves no files behind', async () => {
		const root = new FakeDirectory();
		await expect(saveUserModel(root, nerEntry(), [...blobs, { path: '../escape', blob: new Blob(['x']) }])).rejects.toThrow(/Bad file path/);
		expect(await readUserModels(root)).toEqual([]);
		expect(root.dirs.get('user-models')!.dirs.get('models')!.dirs.has('my-ner')).toBe(false);
	});

	it('ignores a damaged registry and entries that are not user models', async () => {
		const root = new FakeDirectory();
		const dir = await root.getDirectoryHandle('user-models', { create: true });
		dir.files.set('registry.json', new Blob(['{not json']));
		expect(await readUserModels(root)).toEqual([]);
		dir.files.set('registry.json', new Blob([JSON.stringify({ models: [nerEntry(), { ...nerEntry(), id: 'bedside/x' }, null] })]));
		expect((await readUserModels(root)).map((e) => e.id)).toEqual(['user/my-ner']);
	});
});

describe('fetchWithUserModels', () => {
	it('passes every other request to fetch unchanged', async () => {
		const next = vi.fn(async () => new Response('net'));
		const getRoot = vi.fn(async () => new FakeDirectory());
		const f = fetchWithUserModels(getRoot, next);
		const init = { headers: new Headers() };
		// Bundled models never touch storage.
		await f('/models/bedside/ner-bc5cdr/config.json', init);
		await f('/models/user/');
		expect(getRoot).not.toHaveBeenCalled();
		// Any other id may have been downloaded: looked up in storage, and fetched when it is not there.
		await f('/models/users/x/config.json');
		expect(getRoot).toHaveBeenCalledTimes(1);
		expect(next).toHaveBeenCalledTimes(3);
		expect(next).toHaveBeenNthCalledWith(1, '/models/bedside/ner-bc5cdr/config.json', init);
	});

	it('answers 404 for a user model file that is not stored', async () => {
		const next = vi.fn();
		const response = await fetchWithUserModels(async () => new FakeDirectory(), next)('/models/user/none/generation_config.json');
		expect(response.status).toBe(404);
		expect(next).not.toHaveBeenCalled();
	});

	it('parses user model paths, nested files included', () => {
		expect(userModelPath('/models/user/my-ner/onnx/model.onnx')).toEqual({ name: 'my-ner', path: 'onnx/model.onnx' });
		expect(userModelPath('/models/user/my-ner')).toBeNull();
		expect(userModelPath('/models/bedside/x/config.json')).toBeNull();
		expect(userModelPath('/app/models/user/a/b.json', '/app/models/user/')).toEqual({ name: 'a', path: 'b.json' });
	});
});
