import { describe, expect, it } from 'vitest';
import { type FixtureNumber, expectClose, loadFixture, num } from '../../test/fixtures/stats/fixtures.js';
import { smirnovCdf, smirnovSf } from './smirnov-distribution.js';

const fx = loadFixture<{ smirnov: [number, number, number, number, FixtureNumber][] }>('special.json');

describe('Smirnov one-sided distribution', () => {
  it('matches scipy.special.smirnov / smirnovc to 1e-11 relative for n up to 2e6', () => {
    for (const [n, x, sf, cdf] of fx.smirnov) {
      expectClose(smirnovSf(n, x), sf, 1e-11, 1e-300, `smirnov(${n}, ${x})`);
      expectClose(smirnovCdf(n, x), cdf, 1e-11, 1e-300, `smirnovc(${n}, ${x})`);
    }
  });

  it('matches the Birnbaum-Tingey sum in 60-digit arithmetic to 1e-13 relative (n <= 100)', () => {
    let checked = 0;
    for (const [n, x, , , truth] of fx.smirnov) {
      if (truth === null) continue;
      expectClose(smirnovSf(n, x), num(truth), 1e-13, 1e-300, `smirnov(${n}, ${x}) vs mpmath`);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('has the closed forms at the ends', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
    expectClose(smirnovSf(7, 0.9), 0.1 ** 7, 1e-13, 0, '(1 - x)^n');
    expect(smirnovSf(5, 0)).toBe(1);
    expect(smirnovSf(5, 1.5)).toBeNaN();
  });
});
