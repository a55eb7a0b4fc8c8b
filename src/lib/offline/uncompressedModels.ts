/**
 * Vite plugin: `vite preview` (what `npm start` serves) sends files under /models/ as they are on disk, with
 * their Content-Length, instead of gzipping them on the fly. Its compression middleware gzips any file whose
 * type it does not know (`.onnx` has none) and then drops Content-Length; see src/lib/models/modelFileFetch.ts
 * for why a model file without its length failed the first load. Weights are already compact (int8), so
 * gzip saved about 8% for a CPU-heavy pass on every request. Node-only: imported by vite.config.ts.
 */
import type { Connect, Plugin } from 'vite';

const MODELS_PATH = /^\/(?:[^?#]*\/)?models\//;

/** Middleware: a request for a model file is answered without compression (the middleware reads this header). */
export const plainModelFiles: Connect.NextHandleFunction = (req, _res, next) => {
	if (req.url && MODELS_PATH.test(req.url)) req.headers['accept-encoding'] = 'identity';
	next();
};

export function uncompressedModels(): Plugin {
	return {
		name: 'bedside-uncompressed-models',
		// Added here (not in a returned post hook) it runs before vite preview's compression middleware.
		configurePreviewServer(server) {
			// BEDSIDE_GZIP_MODELS=1 keeps the on-the-fly gzip, as many static hosts do: e2e/firstVisit.spec.ts
			// uses it to show that the page's own fix (modelFileFetch.ts) is enough without this one.
			if (process.env.BEDSIDE_GZIP_MODELS === '1') return;
			server.middlewares.use(plainModelFiles);
		}
	};
}
