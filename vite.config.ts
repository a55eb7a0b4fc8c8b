/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// COOP/COEP make the page cross-origin isolated, which SharedArrayBuffer (and so WASM threads) needs.
const isolationHeaders = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp',
	'Cross-Origin-Resource-Policy': 'same-origin'
};

export default defineConfig({
	plugins: [svelte()],
	// 'mpa': no index.html fallback, so a missing /models/ file is a 404 rather than HTML served as JSON.
	appType: 'mpa',
	server: { headers: isolationHeaders, port: 5173 },
	preview: { headers: isolationHeaders, port: 4173 },
	// Pre-bundling would copy ORT into .vite/deps and lose its WASM asset URLs.
	optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
	worker: { format: 'es' },
	build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'training/tests/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
