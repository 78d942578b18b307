import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../core/rng.js';
import { ksDistanceToSketch, sketchCdf, sketchCdfLeft } from './reference-cdf.js';

/** The definition: both sketch CDFs by binary search at every distinct batch value. */
function ksDistanceBySearch(sorted: Float64Array, knots: readonly number[]): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j < n && sorted[j] === sorted[i]) j++;
    d = Math.max(d, Math.abs(sketchCdfLeft(knots, sorted[i]!) - i / n), Math.abs(sketchCdf(knots, sorted[i]!) - j / n));
    i = j;
  }
  return d;
}

/** Values on a coarse grid, so that batch values tie with each other and with knots. */
function gridSample(rng: Rng, n: number, shift: number, grid: number): number[] {
  return Array.from({ length: n }, () => Math.round((rng.normal() + shift) * grid) / grid);
}

describe('ksDistanceToSketch (merge walk)', () => {
  it('equals the binary-search definition bit for bit on random batches and sketches', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 300; trial++) {
      const grid = [2, 8, 1e6][trial % 3]!;
      const q = 1 + rng.nextInt(40);
      const knots = gridSample(rng, q + 1, 0, grid).sort((a, b) => a - b);
      const batch = Float64Array.from(gridSample(rng, 1 + rng.nextInt(500), rng.normal(), grid)).sort();
      expect(ksDistanceToSketch(batch, knots)).toBe(ksDistanceBySearch(batch, knots));
    }
  });

  it('handles knots that repeat, batches entirely outside the sketch, and degenerate sketches', () => {
    const batch = Float64Array.from([-3, -1, 0, 0, 0.5, 1, 1, 2, 9]);
    for (const knots of [[0, 0, 0, 1, 1, 2], [10, 11, 12], [-20, -10], [1], [], [0, 0]]) {
      expect(ksDistanceToSketch(batch, knots)).toBe(ksDistanceBySearch(batch, knots));
    }
    expect(ksDistanceToSketch(Float64Array.from([5, 6]), [0, 1, 2])).toBe(1);
  });

  it('matches a known distance: a uniform sketch against half of its range', () => {
    const knots = Array.from({ length: 11 }, (_, i) => i / 10);
    const batch = Float64Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 2000);
    // The batch CDF reaches 1 at 0.5 where the sketch CDF is 0.5.
    expect(ksDistanceToSketch(batch, knots)).toBeCloseTo(0.5, 3);
  });
});
