import { describe, expect, it } from 'vitest';
import { type FixtureNumber, expectClose, loadFixture, num } from '../../test/fixtures/stats/fixtures.js';
import { binomialCoefficient } from './binomial-coefficient.js';

const fx = loadFixture<{ binomial: [number, number, FixtureNumber, FixtureNumber][] }>('special.json');

describe('binomialCoefficient', () => {
  // Past 170! the value comes through log-gamma, whose rounding grows with log C(n, k) (as in scipy).
  it('matches exact integers to 1e-11 relative, and overflows to Infinity where scipy.special.binom does', () => {
    for (const [n, k, exact, scipy] of fx.binomial) {
      if (exact === 'Infinity') expect(binomialCoefficient(n, k)).toBe(num(scipy));
      else expectClose(binomialCoefficient(n, k), num(exact), n <= 170 ? 1e-14 : 1e-11, 0, `C(${n}, ${k})`);
    }
  });

  it('is exact for small arguments', () => {
    expect(binomialCoefficient(10, 3)).toBe(120);
    expect(binomialCoefficient(52, 5)).toBe(2598960);
    expect(binomialCoefficient(5, 7)).toBe(0);
  });
});
