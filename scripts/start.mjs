#!/usr/bin/env node
// `npm start`: installs what is missing (dependencies, models, the medical library), builds, and serves the app on
// http://127.0.0.1:4173 with the COOP/COEP headers that WASM threads need.
import { ensureDependencies, ensureLibrary, ensureModels, mustRun } from './lib/setup.mjs';

ensureDependencies();
ensureModels();
ensureLibrary();
mustRun('npx', ['vite', 'build']);
const port = process.env.PORT ?? '4173';
console.log(`\nBedside is starting at http://127.0.0.1:${port} (Ctrl+C to stop)`);
mustRun('npx', ['vite', 'preview', '--port', port, '--host', process.env.HOST ?? '127.0.0.1']);
