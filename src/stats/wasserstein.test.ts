import { describe, expect, it } from 'vitest';
import { type LcgSpec, expectClose, lcgSample, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { wasserstein, wassersteinFromQuantiles } from './wasserstein.js';

interface Fx {
  wasserstein: { u: number[]; v: number[]; uWeights: number[] | null; vWeights: number[] | null; distance: number }[];
  wassersteinLcg: { lcgU: LcgSpec; lcgV: LcgSpec; distance: number };
  wassersteinQuantiles: { qa: number[]; qb: number[]; distance: number }[];
}
const fx = loadFixture<Fx>('divergence.json');

describe('wasserstein against scipy.stats.wasserstein_distance', () => {
  it('matches to 1e-13 relative, weighted and unweighted, with ties', () => {
    for (const c of fx.wasserstein) {
      const r = wasserstein(c.u, c.v, c.uWeights ?? undefined, c.vWeights ?? undefined);
      expectClose(r.statistic, c.distance, 1e-13, 1e-15, `${c.u.length}x${c.v.length} weighted=${c.uWeights !== null}`);
      expect(r.pValue).toBeNull();
    }
  });

  it('matches on 50000 x 40000 generated values (pairwise sum in numpy order: 1e-13)', () => {
    const c = fx.wassersteinLcg;
    expectClose(wasserstein(lcgSample(c.lcgU), lcgSample(c.lcgV)).statistic, c.distance, 1e-13, 0, 'lcg');
  });

  it('rejects bad weights', () => {
    expect(() => wasserstein([1, 2], [1], [1])).toThrow(/uWeights has 1 entries for 2 values/);
    expect(() => wasserstein([1, 2], [1], [1, -1])).toThrow(/uWeights\[1\] is -1/);
    expect(() => wasserstein([1, 2], [1], [0, 0])).toThrow(/uWeights sums to 0/);
    expect(() => wasserstein([], [1])).toThrow(/u is empty/);
  });
});

describe('wassersteinFromQuantiles', () => {
  // The reference integrates the two piecewise-linear quantile functions by the midpoint rule on
  // 2e6 points: accurate to ~1e-12, so 1e-9 relative.
  it('integrates |Q_a - Q_b| exactly, crossings included', () => {
    for (const c of fx.wassersteinQuantiles) {
      expectClose(wassersteinFromQuantiles(c.qa, c.qb).statistic, c.distance, 1e-9, 0, `${c.qa.length} quantiles`);
    }
  });

  it('equals the sample distance for two equal-size samples on the grid of their order statistics', () => {
    // n equally weighted points: W1 = mean |a_(i) - b_(i)|; the quantile-grid integral of the linear
    // interpolants is a different (smoothed) distribution, so only a shift is reproduced exactly.
    const a = [0, 1, 2, 5, 9];
    expectClose(wassersteinFromQuantiles(a, a.map((x) => x + 0.5)).statistic, 0.5, 1e-15, 0, 'shift');
    expect(() => wassersteinFromQuantiles([0, 2, 1], [0, 1, 2])).toThrow(/qa decreases at 2/);
    expect(() => wassersteinFromQuantiles([0, 1], [0, 1, 2])).toThrow(/the grids must match/);
  });
});
