import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { kolmogorovCdf, kolmogorovLimitCdf, kolmogorovLimitSf, kolmogorovSf } from './kolmogorov-distribution.js';

const fx = loadFixture<{ kolmogorovLimit: [number, number, number, number][]; kstwo: [number, number, number, number][] }>('special.json');

describe('Kolmogorov limit distribution', () => {
  it('matches the theta series in 60-digit arithmetic to 1e-13 relative', () => {
    for (const [x, sf, cdf] of fx.kolmogorovLimit) {
      expectClose(kolmogorovLimitSf(x), sf, 1e-13, 1e-300, `K(${x})`);
      expectClose(kolmogorovLimitCdf(x), cdf, 1e-13, 1e-300, `1 - K(${x})`);
    }
  });
});

describe('finite-n Kolmogorov distribution (scipy.stats.kstwo)', () => {
  // Every branch of Simard & L'Ecuyer's selection is crossed: Ruben-Gambino, Durbin, Pomeranz,
  // Pelz-Good and 2 x Smirnov, for n from 1 to 500000. scipy carries some of these in 80-bit long
  // double and sums with numpy's pairwise order, hence 1e-10 rather than 1e-13.
  it('matches scipy sf and cdf to 1e-10 relative', () => {
    for (const [n, x, sf, cdf] of fx.kstwo) {
      expectClose(kolmogorovSf(n, x), sf, 1e-10, 1e-300, `kstwo.sf(${x}, ${n})`);
      expectClose(kolmogorovCdf(n, x), cdf, 1e-10, 1e-300, `kstwo.cdf(${x}, ${n})`);
    }
  });

  it('is 1 below 1/(2n), 0 at 1, and NaN for a non-integer n', () => {
    expect(kolmogorovSf(10, 0.04)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
  });
});
