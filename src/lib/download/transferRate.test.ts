import { describe, expect, it } from 'vitest';
import { addSample, bytesPerSecond, formatDuration, secondsLeft, type Sample } from './transferRate';

describe('transfer rate', () => {
	it('measures over the last window only, so a stall shows', () => {
		let samples: Sample[] = [];
		for (let s = 0; s <= 10; s++) samples = addSample(samples, { ms: s * 1000, bytes: s < 6 ? s * 1_000_000 : 5_000_000 });
		expect(samples[0]?.ms).toBe(6000);
		expect(bytesPerSecond(samples)).toBe(0);
		expect(secondsLeft(5_000_000, 10_000_000, bytesPerSecond(samples))).toBeNull();
	});
	it('gives speed and time left while moving', () => {
		const samples = [
			{ ms: 0, bytes: 0 },
			{ ms: 2000, bytes: 4_000_000 }
		];
		expect(bytesPerSecond(samples)).toBe(2_000_000);
		expect(secondsLeft(4_000_000, 10_000_000, 2_000_000)).toBe(3);
		expect(bytesPerSecond([{ ms: 0, bytes: 0 }])).toBeNull();
		expect(formatDuration(3)).toBe('3 s');
		expect(formatDuration(125)).toBe('2 min 5 s');
	});
});
