import { describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { chiSquareContingency, chiSquareTest } from './chi-square-test.js';

interface GofCase {
  observed: number[];
  expected: number[] | null;
  ddof: number;
  minExpected: number;
  categories: number;
  mergedCategories: number;
  statistic: number;
  pValue: number | null;
  dof: number;
  effectSize: number;
}
interface TableCase {
  table: number[][];
  correction: boolean;
  minExpected: number;
  mergedCategories: number;
  rows: number;
  columns: number;
  statistic: number;
  pValue: number | null;
  dof: number;
  expected?: number[];
  effectSize: number | null;
}
const fx = loadFixture<{ goodnessOfFit: GofCase[]; contingency: TableCase[] }>('chisquare.json');

// Statistics are sums of a few terms in numpy's pairwise order: 1e-12 relative. p-values go
// through the incomplete gamma function (1e-12 against mpmath, see gamma-functions.test.ts): 1e-10.
describe('chiSquareTest against scipy.stats.chisquare (after pooling, written out by hand in numpy)', () => {
  it('matches statistic, p-value, dof, categories and Cramér V on every case', () => {
    for (const c of fx.goodnessOfFit) {
      const label = `chisquare ${JSON.stringify(c.observed)} min=${c.minExpected} ddof=${c.ddof}`;
      const r = chiSquareTest(c.observed, c.expected ?? undefined, { ddof: c.ddof, minExpected: c.minExpected });
      expectClose(r.statistic, c.statistic, 1e-12, 1e-15, label);
      if (c.pValue === null) expect(r.pValue, label).toBeNull();
      else expectClose(r.pValue!, c.pValue, 1e-10, 1e-300, label);
      expect(r.dof, label).toBe(c.dof);
      expect(r.categories, label).toBe(c.categories);
      expect(r.mergedCategories, label).toBe(c.mergedCategories);
      expectClose(r.effectSize, c.effectSize, 1e-12, 1e-15, label);
    }
  });

  it('pools by default (minExpected 5) and reproduces scipy exactly with minExpected 0', () => {
    const observed = [120, 80, 0, 3, 1, 96];
    const expected = [100, 100, 2, 1.5, 0.5, 96];
    expect(chiSquareTest(observed, expected).categories).toBe(3);
    expect(chiSquareTest(observed, expected, { minExpected: 0 }).categories).toBe(6);
  });

  it('rejects negative counts, NaN, mismatched lengths and sums that disagree', () => {
    expect(() => chiSquareTest([3, -1, 4])).toThrow(/observed\[1\] is -1; values must be non-negative/);
    expect(() => chiSquareTest([3, NaN, 4])).toThrow(/observed\[1\] is NaN/);
    expect(() => chiSquareTest([3, 4], [3, 3, 1])).toThrow(/expected has 3 categories and observed has 2/);
    expect(() => chiSquareTest([10, 10], [10, 11])).toThrow(/observed sums to 20 and expected to 21/);
    expect(() => chiSquareTest([10, 10], [20, 0], { minExpected: 0 })).toThrow(/expected counts must be > 0/);
    expect(() => chiSquareTest([10, 10], undefined, { ddof: -1 })).toThrow(/ddof is -1/);
  });
});

describe('chiSquareContingency against scipy.stats.chi2_contingency', () => {
  it('matches statistic, p-value, dof, expected counts and Cramér V (association) on every case', () => {
    for (const c of fx.contingency) {
      const label = `table ${JSON.stringify(c.table)} correction=${c.correction} min=${c.minExpected}`;
      const r = chiSquareContingency(c.table, { correction: c.correction, minExpected: c.minExpected });
      expectClose(r.statistic, c.statistic, 1e-12, 1e-15, label);
      if (c.pValue === null) expect(r.pValue, label).toBeNull();
      else expectClose(r.pValue!, c.pValue, 1e-10, 1e-300, label);
      expect(r.dof, label).toBe(c.dof);
      expect([r.rows, r.columns], label).toEqual([c.rows, c.columns]);
      expect(r.mergedCategories, label).toBe(c.mergedCategories);
      if (c.expected) c.expected.forEach((e, i) => expectClose(r.expected.data[i]!, e, 1e-14, 0, `${label} expected[${i}]`));
      if (c.effectSize !== null) expectClose(r.effectSize, c.effectSize, 1e-12, 1e-15, label);
    }
  });

  it('applies Yates only for one degree of freedom, and accepts a Matrix', () => {
    const t = [
      [10, 20],
      [30, 40],
    ];
    const yates = chiSquareContingency(t, { minExpected: 0 });
    const plain = chiSquareContingency(t, { minExpected: 0, correction: false });
    expect(yates.statistic).toBeLessThan(plain.statistic);
    expect(yates.effectSize).toBe(plain.effectSize);
    const m = chiSquareContingency({ rows: 2, cols: 2, data: Float64Array.of(10, 20, 30, 40) }, { minExpected: 0 });
    expect(m.statistic).toBe(yates.statistic);
  });

  it('rejects ragged tables, negative counts and empty rows', () => {
    expect(() => chiSquareContingency([[1, 2], [3]])).toThrow(/row 1 has 1 columns and row 0 has 2/);
    expect(() => chiSquareContingency([[1, -2], [3, 4]])).toThrow(/table\[0\]\[1\] is -2/);
    expect(() => chiSquareContingency([[0, 0], [3, 4]])).toThrow(/row 0 has no observations/);
    expect(() => chiSquareContingency([[0, 5], [0, 4]], { minExpected: 0 })).toThrow(/column 0 has no observations/);
  });
});
