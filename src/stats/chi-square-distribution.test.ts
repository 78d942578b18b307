import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { chiSquareCdf, chiSquareQuantile, chiSquareSf } from './chi-square-distribution.js';

const fx = loadFixture<{ chiSquare: [number, number, number, number, number][]; chiSquarePpf: [number, number, number][] }>('special.json');

describe('chi-square distribution', () => {
  it('matches mpmath cdf and sf to 1e-12 relative for 1 to 12345 degrees of freedom', () => {
    for (const [x, k, cdf, sf] of fx.chiSquare) {
      expectClose(chiSquareCdf(x, k), cdf, 1e-12, 0, `cdf(${x}; ${k})`);
      expectClose(chiSquareSf(x, k), sf, 1e-12, 0, `sf(${x}; ${k})`);
    }
  });

  // scipy's chdtri inverts cephes' incomplete gamma, itself good to ~1e-14: 1e-11 relative.
  it('inverts the cdf like scipy.stats.chi2.ppf, 1e-10 to 1 - 1e-12, 0.5 to 1000 dof', () => {
    for (const [p, k, x] of fx.chiSquarePpf) expectClose(chiSquareQuantile(p, k), x, 1e-11, 0, `ppf(${p}; ${k})`);
    expect(chiSquareQuantile(0, 3)).toBe(0);
    expect(chiSquareQuantile(1, 3)).toBe(Infinity);
    expect(chiSquareQuantile(0.5, -1)).toBeNaN();
  });

  it('gives the textbook critical values', () => {
    expectClose(chiSquareSf(3.841458820694124, 1), 0.05, 1e-13, 0, '3.84 on 1 dof');
    expectClose(chiSquareSf(2 * Math.log(20), 2), 0.05, 1e-14, 0, 'exponential on 2 dof');
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareCdf(1, 0)).toBeNaN();
  });
});
