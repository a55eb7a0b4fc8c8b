import { describe, expect, it } from 'vitest';
import type { OrtTensorLike, TensorFactory } from './causalSession';
import { KvBuffers } from './kvBuffers';

const tensor: TensorFactory = (type, data, dims) => ({ type, data, dims });
const NAMES = ['past_key_values.0.key', 'past_key_values.0.value'];
/** A step's new positions: heads 2, dim 3, value = 100 * head + 10 * position + element (+ 0.5 for values). */
function step(start: number, n: number): Record<string, OrtTensorLike> {
	const make = (offset: number) =>
		Float32Array.from({ length: 2 * n * 3 }, (_, i) => {
			const h = Math.floor(i / (n * 3));
			const p = start + Math.floor((i % (n * 3)) / 3);
			return 100 * h + 10 * p + (i % 3) + offset;
		});
	return { 'new.0.key': tensor('float32', make(0), [1, 2, n, 3]), 'new.0.value': tensor('float32', make(0.5), [1, 2, n, 3]) };
}
const fed = (kv: KvBuffers) => kv.feeds(tensor)['past_key_values.0.key'] as OrtTensorLike;

describe('KvBuffers', () => {
	it('feeds [1, heads, length, dim] in the order the positions were added, across growth', () => {
		const kv = new KvBuffers(NAMES, 2, 3);
		expect(fed(kv).dims).toEqual([1, 2, 0, 3]);
		kv.append(step(0, 5), 5);
		for (let p = 5; p < 70; p++) kv.append(step(p, 1), 1); // past the first capacity (64)
		const key = fed(kv);
		expect(key.dims).toEqual([1, 2, 70, 3]);
		const data = key.data as Float32Array;
		expect(data.length).toBe(2 * 70 * 3);
		expect([...data.subarray(0, 3)]).toEqual([0, 1, 2]);
		expect([...data.subarray(69 * 3, 70 * 3)]).toEqual([690, 691, 692]);
		expect([...data.subarray(70 * 3, 70 * 3 + 3)]).toEqual([100, 101, 102]);
		expect((kv.feeds(tensor)['past_key_values.0.value']?.data as Float32Array)[0]).toBe(0.5);
	});

	it('keeps what is cached when room is reserved, and does not grow again within it', () => {
		const kv = new KvBuffers(NAMES, 2, 3);
		kv.append(step(0, 3), 3);
		kv.reserve(100);
		const buffer = (fed(kv).data as Float32Array).buffer;
		for (let p = 3; p < 100; p++) kv.append(step(p, 1), 1);
		const key = fed(kv);
		expect(key.dims).toEqual([1, 2, 100, 3]);
		expect((key.data as Float32Array).buffer).toBe(buffer); // the same packed buffer: no growth
		expect([...(key.data as Float32Array).subarray(0, 3)]).toEqual([0, 1, 2]);
		expect([...(key.data as Float32Array).subarray(99 * 3, 100 * 3)]).toEqual([990, 991, 992]);
		expect([...(key.data as Float32Array).subarray(100 * 3, 100 * 3 + 3)]).toEqual([100, 101, 102]);
	});

	it('cuts back to a prefix and appends after it', () => {
		const kv = new KvBuffers(NAMES, 2, 3);
		kv.append(step(0, 4), 4);
		kv.length = 2;
		kv.append(step(7, 1), 1);
		expect([...(fed(kv).data as Float32Array).subarray(0, 9)]).toEqual([0, 1, 2, 10, 11, 12, 70, 71, 72]);
	});

	it('refuses a step without its new positions', () => {
		const kv = new KvBuffers(NAMES, 2, 3);
		expect(() => kv.append({}, 1)).toThrow(/new\.0\.key/);
	});
});
