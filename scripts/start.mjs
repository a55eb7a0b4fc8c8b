#!/usr/bin/env node
// `npm start`: installs what is missing (dependencies, models), builds, and serves the app on
// http://127.0.0.1:4173 with the COOP/COEP headers that WASM threads need.
import { ensureDependencies, ensureModels, mustRun } from './lib/setup.mjs';

ensureDependencies();
ensureModels();
mustRun('npx', ['vite', 'build']);
console.log('\nBedside is starting at http://127.0.0.1:4173 (Ctrl+C to stop)');
mustRun('npx', ['vite', 'preview', '--port', process.env.PORT ?? '4173', '--host', process.env.HOST ?? '127.0.0.1']);
