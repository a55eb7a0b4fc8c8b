// `npm run models` logic against a temp directory, a local mirror and a local HTTP server that serves a
// Hub-shaped layout (`<repo>/resolve/<revision>/<file>`) with Bedside's own model files.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InstallError, hubFileUrl, installModels } from './lib/install.mjs';

/** A tiny model in the bundled layout, with its own MANIFEST-style pins. */
const FILES: Record<string, string> = {
	'config.json': '{"model_type":"llama"}',
	'tokenizer.json': '{"model":{}}',
	'onnx/model_quantized.onnx': 'not really onnx, but bytes with a checksum'
};
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const pins = Object.entries(FILES).map(([path, text]) => ({
	path,
	bytes: Buffer.byteLength(text),
	sha256: sha(text),
	...(path.endsWith('.onnx') ? { dtype: 'q8' } : {})
}));

function bundled(id = 'bedside/tiny') {
	return { id, bundled: true, source: { kind: 'bundled', path: `models/${id}` }, files: pins };
}
function hub(id = 'org/tiny', repo = 'org/tiny') {
	return { id, bundled: false, source: { kind: 'hub', repo, revision: 'abc123' }, files: pins };
}

function writeTree(root: string, files: Record<string, string>) {
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
}

let tmp: string;
let server: Server;
let hubUrl: string;
const requests: string[] = [];
/** Files the fake hub serves, keyed by URL path. */
const served = new Map<string, string>();

beforeAll(async () => {
	server = createServer((req, res) => {
		requests.push(req.url ?? '');
		const body = served.get(decodeURIComponent(req.url ?? ''));
		if (body === undefined) {
			res.writeHead(404).end('Entry not found');
			return;
		}
		const bytes = Buffer.from(body, 'latin1');
		res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
	tmp = mkdtempSync(join(tmpdir(), 'bedside-models-'));
	requests.length = 0;
	served.clear();
	for (const [path, text] of Object.entries(FILES)) served.set(`/org/tiny/resolve/abc123/${path}`, text);
	return () => rmSync(tmp, { recursive: true, force: true });
});

function options(models: unknown[], extra: Record<string, unknown> = {}) {
	const log: string[] = [];
	return {
		log,
		opts: {
			catalogue: { models },
			repoRoot: join(tmp, 'repo'),
			dest: join(tmp, 'public', 'models'),
			mirrorDir: null,
			useHub: false,
			hubUrl,
			only: null,
			log: (line: string) => log.push(line),
			...extra
		}
	};
}

describe('npm run models', () => {
	it('installs a bundled model from the repository, then is idempotent', async () => {
		writeTree(join(tmp, 'repo', 'models', 'bedside', 'tiny'), FILES);
		const first = options([bundled()]);
		expect(await installModels(first.opts)).toMatchObject({ installed: ['bedside/tiny'], errors: [] });
		expect(readFileSync(join(tmp, 'public/models/bedside/tiny/onnx/model_quantized.onnx'), 'utf8')).toBe(FILES['onnx/model_quantized.onnx']);
		expect(first.log.join('\n')).toContain('from repository');
		const second = options([bundled()]);
		await installModels(second.opts);
		expect(second.log.filter((l) => l.includes('already in place'))).toHaveLength(3);
	});

	it('replaces a corrupt installed file and names a corrupt source with the fix', async () => {
		writeTree(join(tmp, 'repo', 'models', 'bedside', 'tiny'), FILES);
		writeTree(join(tmp, 'public', 'models', 'bedside', 'tiny'), { 'config.json': '{"tampered":true}' });
		const ok = options([bundled()]);
		expect((await installModels(ok.opts)).errors).toEqual([]);
		expect(readFileSync(join(tmp, 'public/models/bedside/tiny/config.json'), 'utf8')).toBe(FILES['config.json']);

		writeTree(join(tmp, 'repo', 'models', 'bedside', 'tiny'), { 'tokenizer.json': '{"model":{"x":1}}' });
		rmSync(join(tmp, 'public'), { recursive: true });
		const bad = options([bundled()]);
		const result = await installModels(bad.opts);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0]).toBeInstanceOf(InstallError);
		expect(result.errors[0]?.message).toMatch(/^bedside\/tiny\/tokenizer\.json: repository copy .*size \d+ bytes, expected \d+/);
		expect(result.errors[0]?.message).toContain('Fix:');
	});

	it('fails clearly for a bundled model whose folder is missing', async () => {
		const { opts } = options([bundled()]);
		const result = await installModels(opts);
		expect(result.errors.map((e) => e.file)).toEqual(['bedside/tiny/config.json', 'bedside/tiny/tokenizer.json', 'bedside/tiny/onnx/model_quantized.onnx']);
		expect(result.errors[0]?.message).toContain('git checkout -- models/bedside/tiny');
	});

	it('skips a bundled entry with no files yet, but errors when it is asked for by id', async () => {
		const pending = { ...bundled('bedside/later'), files: [] };
		const all = options([pending]);
		expect(await installModels(all.opts)).toMatchObject({ skipped: ['bedside/later'], errors: [] });
		const only = options([pending], { only: ['bedside/later'] });
		const result = await installModels(only.opts);
		expect(result.errors[0]?.message).toMatch(/no MANIFEST\.json[\s\S]*catalogue:sync/);
		await expect(installModels(options([pending], { only: ['nobody/nothing'] }).opts)).rejects.toThrow(/not in the catalogue/);
	});

	it('installs a Hub model from a mirror directory without touching the network', async () => {
		writeTree(join(tmp, 'mirror', 'org', 'tiny'), FILES);
		const { opts, log } = options([hub()], { mirrorDir: join(tmp, 'mirror'), only: ['org/tiny'] });
		expect((await installModels(opts)).errors).toEqual([]);
		expect(log.join('\n')).toContain('from mirror');
		expect(requests).toEqual([]);
	});

	it('without --hub, a Hub model that is nowhere local fails with the command to fetch it', async () => {
		const { opts } = options([hub()], { only: ['org/tiny'] });
		const result = await installModels(opts);
		expect(result.errors[0]?.message).toContain('npm run models -- --hub --only org/tiny');
		expect(requests).toEqual([]);
	});

	it('downloads from a Hub-shaped server with per-file progress and verifies every file', async () => {
		const progress: [string, number, number | null][] = [];
		const { opts, log } = options([hub()], { useHub: true, onProgress: (f: string, l: number, t: number | null) => progress.push([f, l, t]) });
		expect((await installModels(opts)).errors).toEqual([]);
		expect(requests).toEqual(Object.keys(FILES).map((p) => `/org/tiny/resolve/abc123/${p}`));
		expect(progress.at(-1)).toEqual(['org/tiny/onnx/model_quantized.onnx', pins[2]?.bytes, pins[2]?.bytes]);
		expect(log.join('\n')).toContain('downloaded');
		// Idempotent: a second run downloads nothing.
		requests.length = 0;
		await installModels(options([hub()], { useHub: true }).opts);
		expect(requests).toEqual([]);
	});

	it('rejects a download whose sha256 differs and leaves no file behind', async () => {
		const tampered = 'not really onnx, but bytes with a checksuM';
		served.set('/org/tiny/resolve/abc123/onnx/model_quantized.onnx', tampered);
		const { opts } = options([hub()], { useHub: true });
		const result = await installModels(opts);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0]?.message).toMatch(/onnx\/model_quantized\.onnx: downloaded file rejected: sha256/);
		expect(() => readFileSync(join(tmp, 'public/models/org/tiny/onnx/model_quantized.onnx'))).toThrow();
	});

	it('reports HTTP errors with the URL, and accepts unpinned side files while printing their pin', async () => {
		const unpinned = { ...hub(), files: [{ path: 'config.json', bytes: null, sha256: null }, { path: 'missing.json', bytes: null, sha256: null }] };
		const { opts, log } = options([unpinned], { useHub: true });
		const result = await installModels(opts);
		expect(log.join('\n')).toContain(`sha256 ${sha(FILES['config.json'] ?? '')}`);
		expect(result.errors[0]?.message).toContain('HTTP 404');
		expect(result.errors[0]?.message).toContain(hubFileUrl(hubUrl, 'org/tiny', 'abc123', 'missing.json'));
	});
});

describe('npm run models with Bedside’s own model on the fake Hub', () => {
	it('downloads bedside/med-lm’s real files through the Hub path and verifies them against the catalogue', async () => {
		const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'src/lib/models/catalogue.json'), 'utf8'));
		const entry = catalogue.models.find((m: { id: string }) => m.id === 'bedside/med-lm');
		const folder = join(import.meta.dirname, '..', entry.source.path);
		for (const f of entry.files) served.set(`/bedside/med-lm/resolve/main/${f.path}`, readFileSync(join(folder, f.path), 'latin1'));
		const asHub = { ...entry, bundled: false, source: { kind: 'hub', repo: 'bedside/med-lm', revision: 'main' } };
		const { opts } = options([asHub], { useHub: true });
		const result = await installModels(opts);
		expect(result.errors).toEqual([]);
		expect(requests).toHaveLength(entry.files.length);
		const onnx = readFileSync(join(tmp, 'public/models/bedside/med-lm/onnx/model_quantized.onnx'));
		expect(createHash('sha256').update(onnx).digest('hex')).toBe(entry.files.find((f: { path: string }) => f.path === 'onnx/model_quantized.onnx').sha256);
	});
});
