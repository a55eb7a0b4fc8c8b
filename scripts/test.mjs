#!/usr/bin/env node
// `npm test`: every test. Installs what is missing (dependencies, Debian chromium, models), then runs
// type checks, unit tests, the training smoke test and the e2e suite. Every step runs even when an
// earlier one fails; test-results/steps.json records each step's exit status for .ci/run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { ensureChromium, ensureDependencies, run } from './lib/setup.mjs';

ensureDependencies();
ensureChromium();

// A model that cannot be installed fails its step (and the e2e tests), but unit tests still run.
const steps = [
	['models', ['run', 'models']],
	['data', ['run', 'data', '--', '--quiet']],
	['check', ['run', 'check']],
	['lint', ['run', 'lint']],
	['unit', ['run', 'test:unit']],
	['train-smoke', ['run', 'test:train-smoke']],
	['e2e', ['run', 'test:e2e']]
];
const results = {};
for (const [name, args] of steps) results[name] = run('npm', args);
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/steps.json', `${JSON.stringify(results, null, 2)}\n`);
const failed = Object.entries(results).filter(([, status]) => status !== 0);
console.log(
	`\nSteps: ${Object.entries(results)
		.map(([n, s]) => `${n} ${s === 0 ? 'ok' : `failed (${s})`}`)
		.join(', ')}`
);
process.exit(failed.length === 0 ? 0 : 1);
