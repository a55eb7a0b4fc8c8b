#!/usr/bin/env node
// `npm run test:e2e [-- playwright args]`: builds the app (models are copied into dist/ from public/models)
// and runs Playwright against `vite preview`.
import { fakeHub } from './lib/browser.mjs';
import { ensureChromium, mustRun, run } from './lib/setup.mjs';

ensureChromium();
// download.html's policy in this build also allows the local fake Hub the download tests use (and only that page's).
process.env.BEDSIDE_HUB_ORIGINS ??= fakeHub(Number(process.env.E2E_PORT ?? 4173)).origins;
mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', process.env.E2E_DIST ?? 'dist']);
process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)]));
