import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';

const fx = loadFixture<{ cases: { pValues: (number | null)[]; adjusted: (number | null)[] }[] }>('benjamini_hochberg.json');

describe('benjaminiHochberg (scipy 1.11 false_discovery_control, method bh, in numpy)', () => {
  it('matches the reference adjustment to 1e-15, ties and nulls included', () => {
    for (const c of fx.cases) {
      const out = benjaminiHochberg(c.pValues);
      expect(out.length).toBe(c.pValues.length);
      out.forEach((v, i) => {
        const e = c.adjusted[i];
        if (e === null || e === undefined) expect(v).toBeNull();
        else expectClose(v!, e, 1e-15, 0, `case ${JSON.stringify(c.pValues).slice(0, 40)} [${i}]`);
      });
    }
  });

  it('gives the textbook example and never lowers a p-value', () => {
    benjaminiHochberg([0.01, 0.04, 0.03, 0.005]).forEach((q, i) => expect(q).toBeCloseTo([0.02, 0.04, 0.04, 0.02][i]!, 15));
    const ps = [0.3, 0.001, 0.02, 0.8, 0.04];
    benjaminiHochberg(ps).forEach((q, i) => expect(q).toBeGreaterThanOrEqual(ps[i]!));
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow(/pValues\[1\] is 1.2/);
    expect(() => benjaminiHochberg([NaN])).toThrow(/pValues\[0\] is NaN/);
  });
});
