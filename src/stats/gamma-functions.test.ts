import { describe, expect, it } from 'vitest';
import { type FixtureNumber, expectClose, loadFixture, num } from '../../test/fixtures/stats/fixtures.js';
import { log1pmx, logGamma, regularizedGammaP, regularizedGammaQ } from './gamma-functions.js';

interface Special {
  logGamma: [number, FixtureNumber, FixtureNumber][];
  gammaInc: [number, number, number, number, number, number][];
}
const fx = loadFixture<Special>('special.json');

describe('logGamma', () => {
  it('matches mpmath to 1e-13 relative, including next to the roots at 1 and 2 (where scipy loses digits)', () => {
    for (const [x, truth] of fx.logGamma) expectClose(logGamma(x), num(truth), 1e-13, 0, `logGamma(${x})`);
  });

  it('is exact at small integers and infinite at the poles', () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    expectClose(logGamma(11), Math.log(3628800), 1e-15, 0, 'log 10!');
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
    expect(logGamma(NaN)).toBeNaN();
  });
});

describe('regularised incomplete gamma', () => {
  it('matches mpmath P and Q to 1e-12 relative from a = 0.5 to a = 1e6, tails included', () => {
    for (const [a, x, p, q] of fx.gammaInc) {
      expectClose(regularizedGammaP(a, x), p, 1e-12, 0, `P(${a}, ${x})`);
      expectClose(regularizedGammaQ(a, x), q, 1e-12, 0, `Q(${a}, ${x})`);
    }
  });

  it('has the closed forms P(1, x) = 1 - e^-x and the edge values', () => {
    expectClose(regularizedGammaQ(1, 30), Math.exp(-30), 1e-14, 0, 'Q(1, 30)');
    expectClose(regularizedGammaP(1, 0.25), -Math.expm1(-0.25), 1e-15, 0, 'P(1, 0.25)');
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(regularizedGammaP(-1, 1)).toBeNaN();
  });

  it('log1pmx keeps relative accuracy for tiny arguments', () => {
    expectClose(log1pmx(1e-10), -5e-21 + 1e-30 / 3, 1e-15, 0, 'log1pmx(1e-10)');
    expectClose(log1pmx(0.7), Math.log1p(0.7) - 0.7, 1e-15, 0, 'log1pmx(0.7)');
    expectClose(log1pmx(-0.3), Math.log1p(-0.3) + 0.3, 1e-14, 0, 'log1pmx(-0.3)');
  });
});
