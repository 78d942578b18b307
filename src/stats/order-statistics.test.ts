import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { orderStatistics } from './order-statistics.js';

describe('orderStatistics', () => {
  it('returns what a full sort puts at the requested ranks, whatever the distribution', () => {
    const rng = createRng(3);
    const inputs: (Float64Array | Float32Array)[] = [
      Float64Array.from({ length: 1001 }, () => rng.normal()), // small: sorted directly
      Float64Array.from({ length: 20000 }, () => rng.normal() * 1e3),
      Float64Array.from({ length: 50000 }, () => rng.nextInt(7) - 3), // heavy ties, negatives, zeros
      Float64Array.from({ length: 10000 }, (_, i) => i), // sorted
      Float64Array.from({ length: 10000 }, (_, i) => 10000 - i), // reversed
      Float64Array.from({ length: 30000 }, () => 1 + rng.next() * 1e-9), // one radix bucket holds everything
      Float32Array.from({ length: 9000 }, () => rng.normal()),
      Float64Array.from({ length: 8000 }, (_, i) => (i % 2 ? -0 : 0) + (i % 3) * 1e-300),
    ];
    for (const x of inputs) {
      const sorted = x.slice().sort();
      const n = x.length;
      const ranks = [0, 1, 17, Math.floor(n / 3), Math.floor(n / 2), n - 2, n - 1, 17];
      expect(Array.from(orderStatistics(x, ranks))).toEqual(ranks.map((r) => sorted[r]));
    }
  });

  it('rejects a rank outside the array', () => {
    expect(() => orderStatistics(Float64Array.of(1, 2), [2])).toThrow(/rank 2 outside 0..1/);
  });
});
