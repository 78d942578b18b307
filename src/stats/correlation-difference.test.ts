import { describe, expect, it } from 'vitest';
import { type FixtureNumber, expectClose, loadFixture, num } from '../../test/fixtures/stats/fixtures.js';
import { correlationDifference, pearsonCorrelationMatrix } from './correlation-difference.js';

interface Fx {
  differences: { r1: number; n1: number; r2: number; n2: number; statistic: number; pValue: number }[];
  matrices: { columns: FixtureNumber[][]; correlation: FixtureNumber[][]; counts: number[][] }[];
}
const fx = loadFixture<Fx>('correlation.json');

describe('correlationDifference (Fisher z)', () => {
  it('matches numpy arctanh / scipy norm.sf to 1e-12', () => {
    for (const c of fx.differences) {
      const r = correlationDifference(c.r1, c.n1, c.r2, c.n2);
      const label = `${c.r1}/${c.n1} vs ${c.r2}/${c.n2}`;
      expectClose(r.statistic, c.statistic, 1e-12, 1e-15, label);
      expectClose(r.pValue, c.pValue, 1e-12, 1e-300, label);
      expectClose(r.effectSize, Math.abs(c.r1 - c.r2), 1e-15, 0, label);
    }
  });

  it('handles perfect correlations and rejects impossible inputs', () => {
    expect(correlationDifference(1, 10, 1, 20)).toEqual({ statistic: 0, pValue: 1, effectSize: 0 });
    const r = correlationDifference(1, 10, 0.5, 20);
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
    expect(() => correlationDifference(1.1, 10, 0, 10)).toThrow(/r1 is 1.1; a correlation lies in \[-1, 1\]/);
    expect(() => correlationDifference(0.1, 10, 0, 3)).toThrow(/n2 is 3; it must be an integer >= 4/);
  });
});

describe('pearsonCorrelationMatrix (pandas DataFrame.corr, pairwise complete)', () => {
  it('matches pandas to 1e-12, NaN for a constant column, and counts the complete pairs', () => {
    for (const m of fx.matrices) {
      const cols = m.columns.map((c) => Float64Array.from(c, num));
      const r = pearsonCorrelationMatrix(cols);
      const k = cols.length;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          expectClose(r.matrix[i * k + j]!, num(m.correlation[i]![j]!), 1e-12, 1e-15, `corr[${i}][${j}]`);
          expect(r.counts[i * k + j]).toBe(m.counts[i]![j]);
        }
      }
    }
  });

  it('rejects ragged columns and infinities', () => {
    expect(() => pearsonCorrelationMatrix([[1, 2], [1]])).toThrow(/columns\[1\] has 1 values/);
    expect(() => pearsonCorrelationMatrix([[1, Infinity]])).toThrow(/columns\[0\]\[1\] is Infinity/);
  });
});
