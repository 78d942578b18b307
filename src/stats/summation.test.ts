import { describe, expect, it } from 'vitest';
import { loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { CompensatedSum, pairwiseSum } from './summation.js';

const fx = loadFixture<{ pairwiseSums: { values: number[]; sum: number }[] }>('special.json');

describe('pairwiseSum', () => {
  it('reproduces np.sum bit for bit (magnitudes 1e-8 to 1e8, lengths 1 to 5000)', () => {
    for (const c of fx.pairwiseSums) expect(pairwiseSum(Float64Array.from(c.values)), `n = ${c.values.length}`).toBe(c.sum);
  });
});

describe('CompensatedSum', () => {
  it('keeps the small terms a naive sum loses', () => {
    const s = new CompensatedSum();
    for (const x of [1e16, 1, -1e16, 1]) s.add(x);
    expect(s.value()).toBe(2);
  });
});
