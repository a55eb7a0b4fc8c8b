#!/usr/bin/env node
// `npm run test:e2e [-- playwright args]`: builds the app (models are copied into dist/ from public/models)
// and runs Playwright against `vite preview`.
import { ensureChromium, mustRun, run } from './lib/setup.mjs';

ensureChromium();
mustRun('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', process.env.E2E_DIST ?? 'dist']);
process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)]));
