import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { normalCdf, normalPdf, normalPpf, normalSf } from './normal-distribution.js';

const fx = loadFixture<{ normal: [number, number, number, number][]; normalPpf: [number, number, number][] }>('special.json');

describe('normal distribution', () => {
  it('matches mpmath cdf and sf to 1e-13 relative, deep tails included', () => {
    for (const [z, cdf, sf] of fx.normal) {
      expectClose(normalCdf(z), cdf, 1e-13, 0, `cdf(${z})`);
      expectClose(normalSf(z), sf, 1e-13, 0, `sf(${z})`);
    }
  });

  it('inverts the cdf to 1e-13 relative (ppf) from 1e-300 to 1 - 1e-9', () => {
    for (const [p, z] of fx.normalPpf) expectClose(normalPpf(p), z, 1e-13, 1e-300, `ppf(${p})`);
    expect(normalPpf(0)).toBe(-Infinity);
    expect(normalPpf(1)).toBe(Infinity);
    expect(normalPpf(1.5)).toBeNaN();
  });

  it('has the right density', () => {
    expectClose(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), 1e-15, 0, 'pdf(0)');
    expectClose(normalPdf(2), Math.exp(-2) / Math.sqrt(2 * Math.PI), 1e-15, 0, 'pdf(2)');
  });
});
