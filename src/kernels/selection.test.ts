import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { quickselect } from './selection.js';

/** The nth_element contract on [left, right]: a[k] is the sorted value, smaller left, larger right, same multiset. */
function expectSelected(before: Float64Array, after: Float64Array, k: number, left = 0, right = before.length - 1): void {
  const sortedRange = Array.from(before.subarray(left, right + 1)).sort((a, b) => a - b);
  expect(after[k]).toBe(sortedRange[k - left]);
  const misplaced: number[] = [];
  for (let i = left; i < k; i++) if (!(after[i]! <= after[k]!)) misplaced.push(i);
  for (let i = k + 1; i <= right; i++) if (!(after[i]! >= after[k]!)) misplaced.push(i);
  expect(misplaced).toEqual([]);
  expect(Array.from(after.subarray(left, right + 1)).sort((a, b) => a - b)).toEqual(sortedRange);
  // Outside the range nothing moves.
  expect(Array.from(after.subarray(0, left))).toEqual(Array.from(before.subarray(0, left)));
  expect(Array.from(after.subarray(right + 1))).toEqual(Array.from(before.subarray(right + 1)));
}

describe('quickselect', () => {
  const rng = createRng(123);

  it('settles every k of random arrays of many lengths (insertion-sort and partition paths)', () => {
    for (const n of [1, 2, 3, 15, 16, 17, 100, 1001]) {
      for (const k of new Set([0, n >> 1, n - 1, rng.nextInt(n)])) {
        const before = Float64Array.from({ length: n }, () => rng.normal());
        const after = before.slice();
        expect(quickselect(after, k)).toBe(after[k]);
        expectSelected(before, after, k);
      }
    }
  });

  it('handles heavy ties, sorted, reversed and organ-pipe inputs', () => {
    const n = 500;
    const inputs = [
      Float64Array.from({ length: n }, () => rng.nextInt(3)),
      Float64Array.from({ length: n }, () => 7),
      Float64Array.from({ length: n }, (_, i) => i),
      Float64Array.from({ length: n }, (_, i) => n - i),
      Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
      Float64Array.from({ length: n }, (_, i) => (i % 2 ? i : -i)),
    ];
    for (const before of inputs) {
      for (const k of [0, 1, 249, 250, 498, 499]) {
        const after = before.slice();
        quickselect(after, k);
        expectSelected(before, after, k);
      }
    }
  });

  it('stays correct (and fast) on an input built to defeat median-of-three pivots', () => {
    // Musser's median-of-3 killer sequence makes plain median-of-3 quickselect quadratic; the
    // work budget then falls back to sorting the remaining range.
    const n = 20_000;
    const killer = new Float64Array(n);
    const half = n / 2;
    for (let i = 1; i <= half; i++) {
      killer[i - 1] = i % 2 === 1 ? i : half + i - 1;
      killer[half + i - 1] = 2 * i;
    }
    for (const k of [0, half, n - 1]) {
      const after = killer.slice();
      const t0 = performance.now();
      quickselect(after, k);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(after[k]).toBe(Array.from(killer).sort((a, b) => a - b)[k]);
    }
  });

  it('selects within a sub-range only, and works on Float32Array', () => {
    const before = Float64Array.from({ length: 50 }, () => rng.normal());
    const after = before.slice();
    quickselect(after, 20, 10, 39);
    expectSelected(before, after, 20, 10, 39);
    const f32 = Float32Array.from([5, -1, 3, 2, 8]);
    expect(quickselect(f32, 3)).toBe(5);
  });

  it('rejects NaN values and out-of-range indices with invalid_input', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => quickselect(new Float64Array([1, NaN, 2]), 1), /values\[1\] is NaN/],
      [() => quickselect(new Float64Array([1, 2, 3]), 3), /k = 3 is outside the range \[0, 2\]/],
      [() => quickselect(new Float64Array([1, 2, 3]), 0, 1, 2), /k = 0 is outside/],
      [() => quickselect(new Float64Array(0), 0), /range \[0, -1\] is not within an array of length 0/],
      [() => quickselect(new Float64Array([1, 2]), 0.5), /k = 0.5/],
    ];
    for (const [f, message] of cases) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(isAntidoteError(error, 'invalid_input')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
