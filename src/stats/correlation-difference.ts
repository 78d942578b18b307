/**
 * Comparing Pearson correlations: Fisher's z test for the difference of two correlations from
 * independent samples (Fisher 1921, "On the probable error of a coefficient of correlation deduced
 * from a small sample", Metron 1), and the pairwise-complete Pearson correlation matrix it is
 * usually fed from (as pandas DataFrame.corr).
 */
import { AntidoteError } from '../core/errors.js';
import { normalSf } from './normal-distribution.js';
import { type NumericSample, checkInteger } from './sample-validation.js';
import type { TestResult } from './test-result.js';

/** The result of {@link correlationDifference}. */
export interface CorrelationDifferenceResult extends TestResult {
  /** z = (atanh r1 - atanh r2) / sqrt(1/(n1 - 3) + 1/(n2 - 3)); positive when r1 > r2. */
  readonly statistic: number;
  /** Two-sided: 2 P(Z > |z|). */
  readonly pValue: number;
  /** |r1 - r2|. */
  readonly effectSize: number;
}

function checkCorrelation(name: string, r: number, n: number): void {
  if (!(r >= -1 && r <= 1)) throw new AntidoteError('invalid_input', `r${name} is ${r}; a correlation lies in [-1, 1]`);
  checkInteger(`n${name}`, n, 4);
}

/**
 * Fisher's z test of H0: rho1 = rho2 for Pearson correlations r1 (from n1 pairs) and r2 (from n2
 * pairs) of two independent samples; n1, n2 >= 4. Equal correlations give z = 0 and p = 1 (even
 * at |r| = 1); a perfect correlation against a lesser one gives an infinite z and p = 0.
 *
 * @example
 * correlationDifference(0.5, 50, 0.3, 60); // statistic 1.2170, pValue 0.2236, effectSize 0.2
 */
export function correlationDifference(r1: number, n1: number, r2: number, n2: number): CorrelationDifferenceResult {
  checkCorrelation('1', r1, n1);
  checkCorrelation('2', r2, n2);
  const effectSize = Math.abs(r1 - r2);
  if (r1 === r2) return { statistic: 0, pValue: 1, effectSize };
  const z = (Math.atanh(r1) - Math.atanh(r2)) / Math.sqrt(1 / (n1 - 3) + 1 / (n2 - 3));
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))), effectSize };
}

/** The result of {@link pearsonCorrelationMatrix}: k x k, row-major (entry (i, j) at i * k + j). */
export interface CorrelationMatrix {
  /** The number of columns k. */
  readonly size: number;
  /** Correlations; NaN where fewer than 2 complete pairs or a column is constant over them. */
  readonly matrix: Float64Array;
  /** The number of rows where both columns are present. */
  readonly counts: Uint32Array;
}

/**
 * Pearson correlations between every pair of equally long columns, each pair over the rows where
 * both values are present (NaN marks a missing value): pandas DataFrame.corr(method='pearson').
 * The diagonal is 1 for a column with at least two present, non-constant values. Results are
 * clipped to [-1, 1]. O(k^2 n).
 *
 * @example
 * pearsonCorrelationMatrix([[1, 2, 3, NaN], [2, 4, 7, 1]]).matrix; // [1, 0.9934, 0.9934, 1]
 */
export function pearsonCorrelationMatrix(columns: readonly NumericSample[]): CorrelationMatrix {
  const k = columns.length;
  if (k === 0) throw new AntidoteError('invalid_input', 'columns is empty; pass at least one column');
  const n = columns[0]!.length;
  columns.forEach((c, i) => {
    if (c.length !== n) throw new AntidoteError('invalid_input', `columns[${i}] has ${c.length} values and columns[0] has ${n}; columns must have equal length`);
    for (let t = 0; t < n; t++) {
      const v = c[t]!;
      if (v === Infinity || v === -Infinity) throw new AntidoteError('invalid_input', `columns[${i}][${t}] is ${v}; values must be finite (NaN marks missing)`);
    }
  });
  const cols = columns.map((c) => (c instanceof Float64Array ? c : Float64Array.from(c)));
  const data = new Float64Array(k * k);
  const counts = new Uint32Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const x = cols[i]!;
      const y = cols[j]!;
      let count = 0;
      let sx = 0;
      let sy = 0;
      for (let t = 0; t < n; t++) {
        if (Number.isNaN(x[t]!) || Number.isNaN(y[t]!)) continue;
        count++;
        sx += x[t]!;
        sy += y[t]!;
      }
      let r = NaN;
      if (count >= 2) {
        const mx = sx / count;
        const my = sy / count;
        let sxy = 0;
        let sxx = 0;
        let syy = 0;
        for (let t = 0; t < n; t++) {
          if (Number.isNaN(x[t]!) || Number.isNaN(y[t]!)) continue;
          const dx = x[t]! - mx;
          const dy = y[t]! - my;
          sxy += dx * dy;
          sxx += dx * dx;
          syy += dy * dy;
        }
        const denominator = Math.sqrt(sxx * syy);
        if (denominator > 0) r = i === j ? 1 : Math.max(-1, Math.min(1, sxy / denominator));
      }
      data[i * k + j] = r;
      data[j * k + i] = r;
      counts[i * k + j] = count;
      counts[j * k + i] = count;
    }
  }
  return { size: k, matrix: data, counts };
}
