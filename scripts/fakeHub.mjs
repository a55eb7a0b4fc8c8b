#!/usr/bin/env node
// A local stand-in for the Hugging Face Hub on two origins, for the download e2e tests (no internet here):
// - the "hub" origin answers `/bedside-hub/<name>/resolve/<revision>/<path>` with a 302 to the "CDN" origin,
//   as the real Hub redirects weight files to its CDN hosts;
// - the "CDN" origin serves the bytes of Bedside's own models (models/bedside/<name>/) with Range support.
// Both send CORS headers like the real ones. For the tests: GET /__log lists the requests seen (with their Range
// header); POST /__control sets one-shot faults (`cut`: drop the connection after N bytes of a file; `corrupt`:
// flip a byte of a file; `throttle`: bytes per second; `redirectTo`: an origin to redirect to instead);
// POST /__reset clears both.
//   node scripts/fakeHub.mjs --hub-port 4286 --cdn-port 4287
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './lib/catalogue.mjs';

const { values } = parseArgs({
	options: { 'hub-port': { type: 'string', default: '4286' }, 'cdn-port': { type: 'string', default: '4287' } }
});
const HUB_PORT = Number(values['hub-port']);
const CDN_PORT = Number(values['cdn-port']);
const MODELS = join(REPO_ROOT, 'models', 'bedside');
const ORG = 'bedside-hub';

/** @type {{ host: string, method: string, path: string, range: string | null }[]} */
let log = [];
/** @type {{ cut: Record<string, number>, corrupt: string[], throttle: number | null, redirectTo: string | null }} */
let faults = { cut: {}, corrupt: [], throttle: null, redirectTo: null };

const CORS = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Headers': 'Range',
	'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
	'Cross-Origin-Resource-Policy': 'cross-origin'
};

async function control(request, response) {
	if (request.method === 'GET' && request.url === '/__log') return json(response, log);
	let body = '';
	for await (const chunk of request) body += chunk;
	if (request.url === '/__reset') {
		log = [];
		faults = { cut: {}, corrupt: [], throttle: null, redirectTo: null };
	} else faults = { ...faults, ...JSON.parse(body || '{}') };
	return json(response, faults);
}

function json(response, value) {
	response.writeHead(200, { 'content-type': 'application/json', ...CORS });
	response.end(JSON.stringify(value));
}

/** `<name>/<path>` inside models/bedside, or null for anything that would leave it. */
function modelFile(name, path) {
	const full = normalize(join(MODELS, name, path));
	return full.startsWith(`${MODELS}/`) && !path.endsWith('MANIFEST.json') ? full : null;
}

function hub(request, response) {
	const match = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURI(request.url.split('?')[0]));
	if (!match || match[1] !== ORG) {
		response.writeHead(404, CORS);
		return response.end('Repository not found');
	}
	const [, , name, , path] = match;
	const target = faults.redirectTo ?? `http://127.0.0.1:${CDN_PORT}`;
	response.writeHead(302, {
		...CORS,
		Location: `${target}/cdn/${encodeURIComponent(name)}/${path.split('/').map(encodeURIComponent).join('/')}`
	});
	response.end();
}

async function cdn(request, response) {
	const match = /^\/cdn\/([^/]+)\/(.+)$/.exec(decodeURI(request.url.split('?')[0]));
	const file = match ? modelFile(match[1], match[2]) : null;
	const size = file
		? await stat(file).then(
				(s) => (s.isFile() ? s.size : null),
				() => null
			)
		: null;
	if (!match || !file || size === null) {
		response.writeHead(404, CORS);
		return response.end('Entry not found');
	}
	const key = `${match[1]}/${match[2]}`;
	const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
	const start = range ? Number(range[1]) : 0;
	if (start >= size && size > 0) {
		response.writeHead(416, { ...CORS, 'Content-Range': `bytes */${size}` });
		return response.end();
	}
	const headers = { ...CORS, 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream', 'Content-Length': String(size - start) };
	if (range) headers['Content-Range'] = `bytes ${start}-${size - 1}/${size}`;
	response.writeHead(range ? 206 : 200, headers);
	if (request.method === 'HEAD') return response.end();

	const cutAt = faults.cut[key];
	if (cutAt !== undefined) delete faults.cut[key];
	const isCorrupt = faults.corrupt.includes(key);
	let bytes = await readFile(file);
	if (isCorrupt) {
		bytes = Buffer.from(bytes);
		bytes[Math.floor(bytes.length / 2)] ^= 0xff;
	}
	const body = bytes.subarray(start, cutAt === undefined ? undefined : Math.min(bytes.length, start + cutAt));
	const step = 64 * 1024;
	const pause = faults.throttle ? (step / faults.throttle) * 1000 : 0;
	for (let at = 0; at < body.length; at += step) {
		if (response.destroyed) return;
		if (!response.write(body.subarray(at, at + step))) await new Promise((r) => response.once('drain', r));
		if (pause > 0) await new Promise((r) => setTimeout(r, pause));
	}
	// A dropped connection: the client sees the body end before Content-Length, i.e. a network error.
	if (cutAt !== undefined) return setTimeout(() => response.destroy(), 50);
	response.end();
}

function serve(host, port, handle) {
	createServer((request, response) => {
		if (request.url?.startsWith('/__')) return void control(request, response).catch((err) => response.destroy(err));
		if (request.method === 'OPTIONS') {
			response.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'GET, HEAD' });
			return response.end();
		}
		log.push({ host, method: request.method ?? 'GET', path: decodeURI(request.url ?? ''), range: request.headers.range ?? null });
		void Promise.resolve(handle(request, response)).catch((err) => response.destroy(err));
	}).listen(port, '127.0.0.1', () => console.log(`fake ${host} on http://127.0.0.1:${port}`));
}

serve('hub', HUB_PORT, hub);
serve('cdn', CDN_PORT, cdn);
