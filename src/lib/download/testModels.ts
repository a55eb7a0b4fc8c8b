/**
 * For the e2e tests only (download.html?testHooks=1): Bedside's own bundled models offered as if they were Hub
 * repositories `bedside-hub/<name>`, which the tests' local fake Hub (scripts/fakeHub.mjs) serves. The pins are
 * the catalogue's own, so after a download real inference runs on exactly the bytes the catalogue vouches for.
 */
import { catalogue, type ModelEntry } from '../models/catalogue';

export const TEST_HUB_ORG = 'bedside-hub';
/** The fake Hub answers any revision; a commit-shaped one keeps the tests honest about pinning. */
export const TEST_REVISION = '0123456789abcdef0123456789abcdef01234567';

export function hubCopiesOfBundled(): ModelEntry[] {
	return catalogue
		.filter((m) => m.source.kind === 'bundled' && m.files.length > 0)
		.map((m) => {
			const name = m.id.split('/').pop() ?? m.id;
			const id = `${TEST_HUB_ORG}/${name}`;
			return { ...m, id, label: `${m.label} (test Hub copy)`, bundled: false, source: { kind: 'hub', repo: id, revision: TEST_REVISION } };
		});
}
