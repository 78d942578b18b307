import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { coordinateOrderStatistic, orderStatisticKernel } from './coordinate-order-statistic.js';

function rows(n: number, d: number, seed: number, shared = false): Float32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const r = shared ? new Float32Array(new SharedArrayBuffer(d * 4)) : new Float32Array(d);
    // Ties (rounded values) and outliers (every 7th client) exercise the pivot handling.
    for (let p = 0; p < d; p++) r[p] = i % 7 === 0 ? 100 * rng.normal() : Math.round(rng.normal() * 4) / 4;
    return r;
  });
}

/** The statistic by sorting each column: the oracle. */
function bySorting(rs: readonly Float32Array[], cut: number): Float32Array {
  const n = rs.length;
  return Float32Array.from({ length: rs[0]!.length }, (_, p) => {
    const col = Float64Array.from(rs, (r) => r[p]!).sort();
    if (cut < 0) return n % 2 ? col[n >> 1]! : (col[(n >> 1) - 1]! + col[n >> 1]!) / 2;
    let s = 0;
    for (let i = cut; i < n - cut; i++) s += col[i]!;
    return s / (n - 2 * cut);
  });
}

/** Equal element by element, +0 and -0 alike (which of them a median of -0 and +0 gives is unspecified). */
function expectSame(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const differ = Array.from(a.keys()).filter((p) => a[p] !== b[p]);
  expect(differ).toEqual([]);
}

describe('coordinateOrderStatistic', () => {
  it.each([1, 2, 3, 17, 100, 101])('matches sorting each column for %i clients (median and trimmed means)', (n) => {
    const rs = rows(n, 1300, n);
    expectSame(coordinateOrderStatistic(rs, { kind: 'median' }, { threads: 1 }), bySorting(rs, -1));
    for (const cut of [0, Math.floor(n * 0.1), Math.floor((n - 1) / 2)]) {
      const got = coordinateOrderStatistic(rs, { kind: 'trimmed-mean', cut }, { threads: 1 });
      const want = bySorting(rs, cut);
      for (let p = 0; p < want.length; p++) expect(got[p]).toBeCloseTo(want[p]!, 5);
    }
  });

  it('gives the same result on two threads as on one, from plain and from shared buffers', () => {
    for (const shared of [false, true]) {
      const rs = rows(37, 20_011, 5, shared);
      const one = coordinateOrderStatistic(rs, { kind: 'median' }, { threads: 1 });
      expect(coordinateOrderStatistic(rs, { kind: 'median' }, { threads: 2 })).toEqual(one);
      const cut = 3;
      expect(coordinateOrderStatistic(rs, { kind: 'trimmed-mean', cut }, { threads: 2 })).toEqual(coordinateOrderStatistic(rs, { kind: 'trimmed-mean', cut }, { threads: 1 }));
    }
  });

  it('rejects a cut that leaves no value and thread counts other than 1 or 2', () => {
    const rs = rows(4, 10, 1);
    expect(() => coordinateOrderStatistic(rs, { kind: 'trimmed-mean', cut: 2 })).toThrow(/leaves none/);
    expect(() => coordinateOrderStatistic(rs, { kind: 'median' }, { threads: 3 })).toThrow(/1 or 2/);
  });

  it('kernel writes only its coordinate range, at the offset asked', () => {
    const rs = rows(5, 40, 2);
    const out = new Float32Array(40).fill(-7);
    orderStatisticKernel(rs, 5, 10, 20, out, 10, -1);
    const full = bySorting(rs, -1);
    expect(Array.from(out.subarray(0, 10))).toEqual(new Array(10).fill(-7));
    expectSame(out.subarray(10, 20), full.subarray(10, 20));
    expect(Array.from(out.subarray(20))).toEqual(new Array(20).fill(-7));
  });
});
