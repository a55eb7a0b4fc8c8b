#!/usr/bin/env node
// `npm run catalogue:sync [-- --check]`: rewrites bundled catalogue entries from their MANIFEST.json.
// --check only reports and exits 1 when the catalogue is out of date (for CI).
import { readCatalogue, REPO_ROOT, writeCatalogue, CATALOGUE_PATH } from './lib/catalogue.mjs';
import { syncBundled } from './lib/sync.mjs';

const isCheck = process.argv.includes('--check');
const { catalogue, changes, absent } = await syncBundled(await readCatalogue(), REPO_ROOT);
for (const id of absent) console.log(`- ${id}: no MANIFEST.json yet (model not trained/exported); entry left as is`);
if (changes.length === 0) {
	console.log('Catalogue bundled entries agree with their MANIFEST.json files.');
} else if (isCheck) {
	console.error(`Catalogue out of date for: ${changes.join(', ')}. Fix: npm run catalogue:sync`);
	process.exit(1);
} else {
	await writeCatalogue(catalogue);
	console.log(`Updated ${changes.join(', ')} in ${CATALOGUE_PATH}`);
}
