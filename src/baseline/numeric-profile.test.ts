import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { PARALLEL_SORT_MIN, binProportions, profileNumeric, sortedFinite, sortedFiniteSequence } from './numeric-profile.js';

/** The definition: finite values, native typed-array sort (-0 before +0). */
function reference(values: Float64Array): Float64Array {
  return values.filter((v) => Number.isFinite(v)).sort();
}

function expectSameValues(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`index ${i}: ${actual[i]} != ${expected[i]}`);
  }
}

const SEQUENCE_TEST_ROWS = 40_000;

function column(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  // float32 rounding makes ties common, as in real columns.
  const v = Float64Array.from({ length: n }, () => Math.fround(rng.normal()));
  for (let i = 0; i < n; i += 997) v[i] = [NaN, Infinity, -Infinity, -0, 0][(i / 997) % 5]!;
  return v;
}

describe('sortedFinite', () => {
  it('gives the native sort of the finite values on one thread and on several, for long columns', () => {
    const values = column(PARALLEL_SORT_MIN * 2 + 12_345, 1);
    const expected = reference(values);
    for (const threads of [1, 2, 3, 4]) expectSameValues(sortedFinite(values, threads), expected);
  });

  it('orders -0 before +0 across the runs the threads sort', () => {
    const n = PARALLEL_SORT_MIN * 2;
    // +0 in the first half, -0 in the second: each run sorted alone puts them in the wrong place.
    const values = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? (i % 2 ? 0 : 1) : i % 2 ? -0 : -1));
    expectSameValues(sortedFinite(values, 2), reference(values));
  });

  it('returns an unshared array, and copes with short columns and columns of missing values', () => {
    const long = sortedFinite(column(PARALLEL_SORT_MIN + 1, 2), 2);
    expect(long.buffer instanceof SharedArrayBuffer).toBe(false);
    const missing = new Float64Array(PARALLEL_SORT_MIN + 5).fill(NaN);
    missing[3] = 2;
    missing[9] = -1;
    const few = sortedFinite(missing, 2);
    expect(Array.from(few)).toEqual([-1, 2]);
    expect(few.buffer instanceof SharedArrayBuffer).toBe(false);
    expectSameValues(sortedFinite(column(1000, 3), 4), reference(column(1000, 3)));
    expect(sortedFinite(new Float64Array(0), 2).length).toBe(0);
  });

  it('leaves profiles unchanged: a long column profiles as its single-threaded sort implies', () => {
    const values = column(PARALLEL_SORT_MIN + 777, 4);
    const p = profileNumeric('x', 'numeric', values);
    const sorted = reference(values);
    expect(p.count).toBe(sorted.length);
    expect(p.missing).toBe(values.length - sorted.length);
    expect(p.min).toBe(sorted[0]);
    expect(p.max).toBe(sorted[sorted.length - 1]);
    // numpy 'linear' quantile at 1/2 of n sorted values.
    const h = (sorted.length - 1) / 2;
    const lo = Math.floor(h);
    expect(p.distribution.values[500]).toBeCloseTo(sorted[lo]! + (sorted[lo + 1]! - sorted[lo]!) * (h - lo), 12);
  });
});

/** The definition: walk the sorted values, moving to the next bin past each edge. */
function binsByWalk(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let b = 0;
  for (const v of sorted) {
    while (b < edges.length && v > edges[b]!) b++;
    counts[b]!++;
  }
  return counts.map((c) => (sorted.length > 0 ? c / sorted.length : 0));
}

describe('binProportions', () => {
  it('equals the walk over every value, with ties on edges, repeated edges and edges outside the values', () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 200; trial++) {
      const sorted = Float64Array.from({ length: rng.nextInt(300) }, () => Math.round(rng.normal() * 4) / 4).sort();
      const edges = Array.from({ length: 1 + rng.nextInt(12) }, () => Math.round(rng.normal() * 6) / 4).sort((a, b) => a - b);
      expect(binProportions(sorted, edges)).toEqual(binsByWalk(sorted, edges));
    }
    const values = Float64Array.from([1, 2, 3]);
    expect(binProportions(values, [2, NaN, 5])).toEqual(binsByWalk(values, [2, NaN, 5]));
    expect(binProportions(new Float64Array(0), [0, 1])).toEqual([0, 0, 0]);
  });
});

describe('sortedFiniteSequence', () => {
  const sources = [5, 1, 3, 2, 4].map((seed) => column(SEQUENCE_TEST_ROWS, seed));

  it('hands out the sorted finite values of every array, whichever thread sorted them and in any order', () => {
    for (const threads of [1, 2, 3]) {
      const sequence = sortedFiniteSequence(sources.map((s) => () => s), threads);
      for (const i of [0, 1, 2, 4, 3]) expectSameValues(sequence.get(i), reference(sources[i]!));
      expect(sequence.get(2)).toBe(sequence.get(2));
      sequence.release();
    }
  });

  it('reads each array once, and no longer sorts what was not asked for after release', () => {
    const reads = new Array<number>(sources.length).fill(0);
    const sequence = sortedFiniteSequence(sources.map((s, i) => () => (reads[i]!++, s)), 2);
    expectSameValues(sequence.get(0), reference(sources[0]!));
    sequence.release();
    expect(reads.every((r) => r <= 1)).toBe(true);
    expect(reads[0]).toBe(1);
  });
});
