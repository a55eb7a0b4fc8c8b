import { describe, expect, it } from 'vitest';
import { hashParam, viewFromHash, withHashParam } from './nav';

describe('hash parameters', () => {
	it('sets, replaces and removes one parameter, leaving the others', () => {
		expect(withHashParam('', 'view', 'compare')).toBe('#view=compare');
		expect(withHashParam('#compare=v1.abc', 'view', 'compare')).toBe('#compare=v1.abc&view=compare');
		expect(withHashParam('#view=chat&compare=v1.abc', 'view', 'compare')).toBe('#view=compare&compare=v1.abc');
		expect(withHashParam('#view=chat&compare=v1.abc', 'compare', null)).toBe('#view=chat');
		expect(withHashParam('#view=chat', 'view', null)).toBe('');
		expect(hashParam('#view=compare&compare=v1.a=b', 'compare')).toBe('v1.a=b');
		expect(hashParam('#view=compare', 'eval')).toBeNull();
	});

	it('picks the view: explicit, else the owner of a state parameter, else the first', () => {
		expect(viewFromHash('#view=compare')).toBe('compare');
		expect(viewFromHash('#view=nope')).toBe('chat');
		expect(viewFromHash('#compare=v1.abc')).toBe('compare');
		expect(viewFromHash('')).toBe('chat');
		expect(
			viewFromHash('#view=evaluate', [
				{ id: 'chat', label: 'Chat' },
				{ id: 'evaluate', label: 'Evaluate' }
			])
		).toBe('evaluate');
	});
});
