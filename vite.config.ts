/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { catalogue } from './src/lib/models/catalogue';
import {
	DATA_CACHE,
	DATA_URL,
	LIBRARY_CACHE,
	LIBRARY_URL,
	MODEL_FILES_CACHE,
	MODEL_FILES_URL,
	WEIGHTS_URL,
	weightsCacheName
} from './src/lib/offline/cachePolicy';
import { bedsideCsp } from './src/lib/security/csp';
import { uncompressedModels } from './src/lib/offline/uncompressedModels';

/**
 * In the bundle of the WASM-only worker (src/lib/inference/wasmWorker.ts), resolve Transformers.js's import of
 * `onnxruntime-web/webgpu` to `onnxruntime-web/wasm`: same package and version, but its plain WASM build decodes
 * about twice as fast as the asyncify build WebGPU needs (see bench/). Each worker is its own bundle, so
 * the plugin instance knows which entry it builds.
 */
function wasmOnlyOrt(): Plugin {
	let isWasmOnly = false;
	return {
		name: 'bedside-wasm-only-ort',
		enforce: 'pre',
		options(options) {
			isWasmOnly = JSON.stringify(options.input ?? '').includes('wasmWorker');
			return null;
		},
		async resolveId(source, importer, options) {
			if (!isWasmOnly || source !== 'onnxruntime-web/webgpu') return null;
			return this.resolve('onnxruntime-web/wasm', importer, { ...options, skipSelf: true });
		}
	};
}

// COOP/COEP make the page cross-origin isolated, which SharedArrayBuffer (and so WASM threads) needs.
const isolationHeaders = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

/**
 * Offline after the first load: a Workbox service worker (dist/sw.js, registered by src/lib/offline/register.ts
 * in the production build only). It precaches the app shell: index.html, the JS and CSS, the inference workers
 * and ONNX Runtime's .mjs/.wasm files (both builds, ~40 MB: WASM and WebGPU must both work offline). Models and
 * eval data are NOT precached (too large, and most users load one or two): the worker caches them at runtime
 * as the app fetches them; the policies and why are in src/lib/offline/cachePolicy.ts.
 */
function offline() {
	return VitePWA({
		strategies: 'generateSW',
		filename: 'sw.js',
		// Registered from the bundle (no inline script, CSP-safe) and only in production builds.
		injectRegister: false,
		// Installable: the plugin writes manifest.webmanifest, links it from both pages and precaches the icons.
		// The icons are drawn by scripts/icons.mjs; colours are src/app.css's accent and backgrounds.
		manifest: {
			name: 'Bedside: clinical language models in your browser',
			short_name: 'Bedside',
			description: 'Clinical language models running entirely in the browser, offline. Nothing leaves this machine.',
			start_url: './',
			scope: './',
			display: 'standalone',
			theme_color: '#0b6e4f',
			background_color: '#ffffff',
			icons: [
				{ src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
				{ src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
				{ src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
			]
		},
		// The favicon (index.html, download.html), so an offline reload has it too.
		includeAssets: ['icons/icon.svg'],
		devOptions: { enabled: false },
		workbox: {
			globPatterns: ['**/*.{html,js,mjs,css,wasm}'],
			// public/models and public/data are copied into the build: runtime-cached, never precached.
			globIgnores: ['models/**', 'data/**', 'library/**'],
			maximumFileSizeToCacheInBytes: 64 * 1024 ** 2,
			// Every navigation (`/?device=wasm#view=compare`, ...) is the one page, except download.html, which the
			// precache answers whatever its query (`?model=`): settings live in the query, never in a file name.
			navigateFallback: 'index.html',
			ignoreURLParametersMatching: [/.*/],
			navigateFallbackDenylist: [/^\/models\//, /^\/data\//, /^\/library\//],
			cleanupOutdatedCaches: true,
			// The first install takes over the open page at once, so the models it loads are cached. An update
			// waits (no skipWaiting) until every tab is closed, so a running page never loses its files.
			clientsClaim: true,
			skipWaiting: false,
			runtimeCaching: [
				{
					urlPattern: WEIGHTS_URL,
					handler: 'CacheFirst',
					options: { cacheName: weightsCacheName(catalogue), cacheableResponse: { statuses: [200] } }
				},
				{
					urlPattern: MODEL_FILES_URL,
					handler: 'NetworkFirst',
					options: { cacheName: MODEL_FILES_CACHE, cacheableResponse: { statuses: [200] } }
				},
				{
					urlPattern: LIBRARY_URL,
					handler: 'NetworkFirst',
					options: { cacheName: LIBRARY_CACHE, cacheableResponse: { statuses: [200] } }
				},
				{
					urlPattern: DATA_URL,
					handler: 'NetworkFirst',
					options: { cacheName: DATA_CACHE, cacheableResponse: { statuses: [200] } }
				}
			]
		}
	});
}

export default defineConfig({
	plugins: [svelte(), bedsideCsp(), uncompressedModels(), offline()],
	// 'mpa': no index.html fallback, so a missing /models/ file is a 404 rather than HTML served as JSON.
	appType: 'mpa',
	server: { headers: isolationHeaders, port: 5173 },
	preview: { headers: isolationHeaders, port: 4173 },
	// Pre-bundling would copy ORT into .vite/deps and lose its WASM asset URLs.
	optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
	worker: { format: 'es', plugins: () => [wasmOnlyOrt()] },
	build: {
		target: 'es2022',
		chunkSizeWarningLimit: 2000,
		// download.html: the opt-in page that fetches Hub models, with a policy of its own (src/lib/security/csp.ts).
		rolldownOptions: { input: { main: 'index.html', download: 'download.html' } }
	},
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'training/tests/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
