import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { jensenShannon } from './jensen-shannon.js';

const fx = loadFixture<{ jensenShannon: { p: number[]; q: number[]; base: number | null; distance: number }[] }>('divergence.json');

describe('jensenShannon against scipy.spatial.distance.jensenshannon', () => {
  it('matches the distance to 1e-13 relative (unnormalised inputs, zeros, bases e, 2, 10)', () => {
    for (const c of fx.jensenShannon) {
      const r = jensenShannon(c.p, c.q, c.base === null ? {} : { base: c.base });
      expectClose(r.statistic, c.distance, 1e-13, 1e-16, `${JSON.stringify(c.p)} ${JSON.stringify(c.q)} base ${c.base}`);
      expectClose(r.divergence, c.distance ** 2, 1e-12, 1e-16, 'divergence');
      expect(r.effectSize).toBe(r.statistic);
      expect(r.pValue).toBeNull();
    }
  });

  it('is symmetric and reaches 1 (base 2) for disjoint supports', () => {
    expect(jensenShannon([1, 2, 3], [3, 1, 1]).statistic).toBe(jensenShannon([3, 1, 1], [1, 2, 3]).statistic);
    expectClose(jensenShannon([1, 0], [0, 1], { base: 2 }).statistic, 1, 1e-15, 0, 'disjoint');
  });

  it('rejects negative weights, all-zero inputs, mismatched lengths and a bad base', () => {
    expect(() => jensenShannon([1, -1], [1, 1])).toThrow(/p\[1\] is -1/);
    expect(() => jensenShannon([0, 0], [1, 1])).toThrow(/p sums to 0/);
    expect(() => jensenShannon([1], [1, 1])).toThrow(/p has 1 entries and q has 2/);
    expect(() => jensenShannon([1], [1], { base: 1 })).toThrow(/base is 1/);
  });
});
