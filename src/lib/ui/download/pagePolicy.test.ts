import { describe, expect, it } from 'vitest';
import { memoryWarning } from '../../models/modelWarnings';
import { allowedOrigins, isAllowedBy } from './pagePolicy';

const doc = (content: string | null) =>
	({
		querySelector: () => (content === null ? null : { getAttribute: () => content })
	}) as unknown as Pick<Document, 'querySelector'>;

describe('the download page policy as read by the page', () => {
	it('lists connect-src with self as the page origin', () => {
		const sources = allowedOrigins(
			doc("default-src 'self'; connect-src 'self' https://huggingface.co https://*.hf.co; style-src 'self'"),
			'http://app.test'
		);
		expect(sources).toEqual(['http://app.test', 'https://huggingface.co', 'https://*.hf.co']);
		expect(isAllowedBy(sources, 'https://huggingface.co')).toBe(true);
		expect(isAllowedBy(sources, 'https://cas-bridge.xethub.hf.co')).toBe(true);
		expect(isAllowedBy(sources, 'https://hf.co.evil.test')).toBe(false);
		expect(isAllowedBy(sources, 'http://cdn.hf.co')).toBe(false);
		expect(isAllowedBy(allowedOrigins(doc(null), 'http://app.test'), 'https://anything.test')).toBe(true);
	});
	it('warns when a model is a large share of the device memory', () => {
		expect(memoryWarning(100 * 1024 ** 2, 8)).toBeNull();
		expect(memoryWarning(786 * 1024 ** 2, 2)).toMatch(/about 2 GB of memory; the model's files are 38%/);
		expect(memoryWarning(786 * 1024 ** 2, undefined)).toBeNull();
	});
});
