#!/usr/bin/env node
// Prints the final "N passed, N failed" line for .ci/run from the reports `npm test` leaves in
// test-results/: Vitest JSON (unit.json), Playwright JSON (e2e.json), the training smoke test's
// train-smoke.json ({ "passed": N, "failed": N }) when it writes one, and steps.json (exit status of each
// step). A step that failed without a report (e.g. a build error) counts as one failure; svelte-check
// and a report-less training step count as one test each.
import { existsSync, readFileSync } from 'node:fs';

const read = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);
const steps = read('test-results/steps.json') ?? {};
let passed = 0;
let failed = 0;
const add = (p, f, label) => {
	passed += p;
	failed += f;
	console.log(`${label}: ${p} passed, ${f} failed`);
};

const byStatus = (name) => (steps[name] === undefined ? [0, 1] : steps[name] === 0 ? [1, 0] : [0, 1]);

add(...byStatus('models'), 'npm run models');
add(...byStatus('check'), 'svelte-check');
add(...byStatus('lint'), 'lint (ESLint + Prettier)');

const unit = read('test-results/unit.json');
if (unit) add(unit.numPassedTests, unit.numFailedTests + (unit.success || unit.numFailedTests ? 0 : 1), 'vitest');
else add(0, 1, 'vitest (no report)');

const train = read('test-results/train-smoke.json');
if (train) add(train.passed, train.failed, 'training smoke');
else add(...byStatus('train-smoke'), 'training smoke (exit status)');

const e2e = read('test-results/e2e.json');
if (e2e) {
	const { expected = 0, unexpected = 0, flaky = 0 } = e2e.stats ?? {};
	add(expected + flaky, unexpected + (e2e.errors?.length ?? 0), 'playwright');
} else add(0, 1, 'playwright (no report)');

console.log(`${passed} passed, ${failed} failed`);
