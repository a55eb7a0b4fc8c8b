// ESLint flat config: JavaScript and TypeScript recommended rules, Svelte's recommended rules for components,
// browser globals for the app and Node globals for scripts, bench and tests. `npm run lint` runs it with Prettier.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'dist/',
			'dist-*/',
			'node_modules/',
			'public/',
			'test-results/',
			'playwright-report/',
			'training/out/',
			'bench/results/',
			'.exp/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } }
	},
	{
		rules: {
			// Unused arguments named _x are intentional (interface shapes); everything else unused is an error.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			// A non-null assertion hides a possible undefined. The ones written before linting are listed in
			// eslint-suppressions.json (ESLint bulk suppressions), so only new ones fail.
			'@typescript-eslint/no-non-null-assertion': 'error'
		}
	},
	{
		// Tests may write comma expressions and loose types for fixtures.
		files: ['**/*.test.ts', 'e2e/**', 'training/tests/**'],
		rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-explicit-any': 'off' }
	}
);
