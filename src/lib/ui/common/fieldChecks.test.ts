import { describe, expect, it } from 'vitest';
import { checkLabelLines, checkMaxNewTokens, checkSampleSize, checkTemperature, checkThreads } from './fieldChecks';

describe('field checks', () => {
	it('threads: 0 to the core count, whole numbers only', () => {
		expect(checkThreads(0, 8)).toBeNull();
		expect(checkThreads(8, 8)).toBeNull();
		expect(checkThreads(16, 8)).toMatch(/from 0 to 8.*8 cores/);
		expect(checkThreads(999, 32)).toMatch(/from 0 to 16/);
		expect(checkThreads(-4, 8)).toMatch(/from 0 to 8/);
		expect(checkThreads(1.5, 8)).toMatch(/whole number/);
		expect(checkThreads(null, 8)).toMatch(/Enter/);
	});
	it('sample size: blank, negative, huge and fractional are refused; 0 means all', () => {
		expect(checkSampleSize(0, 10000)).toBeNull();
		expect(checkSampleSize(20, 10000)).toBeNull();
		expect(checkSampleSize(-5, 10000)).toMatch(/from 0 to 10000/);
		expect(checkSampleSize(1e9, 10000)).toMatch(/from 0 to 10000/);
		expect(checkSampleSize('', 10000)).toMatch(/Enter how many/);
		expect(checkSampleSize(null, 10000)).toMatch(/0 runs every item/);
	});
	it('generation settings', () => {
		expect(checkMaxNewTokens(64, 1024)).toBeNull();
		expect(checkMaxNewTokens(0, 1024)).toMatch(/from 1 to 1024/);
		expect(checkTemperature(0)).toBeNull();
		expect(checkTemperature(3)).toMatch(/0 to 2/);
		expect(checkTemperature('')).toMatch(/Enter/);
	});
	it('label lines: at least two, at most the classifier takes', () => {
		expect(checkLabelLines('urgent: now\nroutine: later', 20)).toBeNull();
		expect(checkLabelLines('  \n', 20)).toMatch(/not be classified/);
		expect(checkLabelLines('urgent\nUrgent: again', 20)).toMatch(/second label/);
		expect(checkLabelLines(Array.from({ length: 306 }, (_, i) => `l${i}`).join('\n'), 20)).toMatch(/306 labels typed; only the first 20/);
	});
});
