/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { bedsideCsp } from './src/lib/security/csp';

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

export default defineConfig({
	plugins: [svelte(), bedsideCsp()],
	// 'mpa': no index.html fallback, so a missing /models/ file is a 404 rather than HTML served as JSON.
	appType: 'mpa',
	server: { headers: isolationHeaders, port: 5173 },
	preview: { headers: isolationHeaders, port: 4173 },
	// Pre-bundling would copy ORT into .vite/deps and lose its WASM asset URLs.
	optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
	worker: { format: 'es', plugins: () => [wasmOnlyOrt()] },
	build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'training/tests/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
