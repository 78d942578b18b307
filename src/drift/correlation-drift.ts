// Change in feature correlations: Fisher (1921) z test for each pair, Bonferroni across pairs.
import type { CorrelationProfile } from '../core/baseline.js';
import type { DriftMeasurement } from '../core/drift-test.js';
import type { Dataset, NumericColumn } from '../core/dataset.js';
import { type Rng, sampleIndices } from '../core/rng.js';
import { correlationDifference, pearsonCorrelationMatrix } from '../stats/correlation-difference.js';

/**
 * Batches with more rows than this are correlated on a seeded sample of this many rows. The
 * correlation matrix costs k² n (2.5e9 steps for 50 columns of a million rows) while the test
 * gains little from the extra rows: the Fisher z test is run with the sample size as the batch's
 * n, so it stays valid, and with 100,000 rows a change of 0.1 in a correlation is still some
 * 30 standard errors away (the default minEffect is 0.1).
 */
export const CORRELATION_SAMPLE_ROWS = 100_000;

/** Options of {@link measureCorrelationShift}. */
export interface CorrelationShiftOptions {
  /** Draws the row sample of a long batch; without it every row is used. */
  readonly rng?: Rng;
  /** Most batch rows correlated when `rng` is given (default {@link CORRELATION_SAMPLE_ROWS}). */
  readonly maxRows?: number;
}

/**
 * The seed's "abnormal feature correlations": the batch's Pearson correlation of every pair of
 * numeric columns against the baseline's. Statistic: the largest |z|; p-value: the smallest pair
 * p-value times the number of pairs (Bonferroni, capped at 1); effect: the largest |r_batch - r_baseline|.
 * With an `rng`, a batch longer than `maxRows` is correlated on a seeded row sample, and each pair's
 * batch n is its complete rows within the sample (`details.rowsUsed` says how many rows were read).
 */
export function measureCorrelationShift(profile: CorrelationProfile, batch: Dataset, options: CorrelationShiftOptions = {}): DriftMeasurement | null {
  const cols: NumericColumn[] = [];
  for (const name of profile.columns) {
    const c = batch.columns.find((x) => x.name === name);
    if (!c || c.kind !== 'numeric') return null;
    cols.push(c);
  }
  const k = cols.length;
  const rows = cols[0]?.values.length ?? 0;
  const maxRows = options.maxRows ?? CORRELATION_SAMPLE_ROWS;
  const picked = options.rng && rows > maxRows ? sampleIndices(rows, maxRows, options.rng) : null;
  const values = cols.map((c) => (picked ? gather(c.values, picked) : c.values));
  const { matrix, counts } = pearsonCorrelationMatrix(values);
  let maxZ = 0;
  let minP = 1;
  let maxEffect = 0;
  let pairs = 0;
  let worst: { a: string; b: string; baseline: number; batch: number } | null = null;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const r1 = profile.matrix[i * k + j]!;
      const n1 = profile.counts[i * k + j]!;
      const r2 = matrix[i * k + j]!;
      const n2 = counts[i * k + j]!;
      if (n1 < 4 || n2 < 4 || !Number.isFinite(r2)) continue;
      pairs++;
      const t = correlationDifference(r1, n1, r2, n2);
      if (Math.abs(t.statistic) > Math.abs(maxZ)) {
        maxZ = t.statistic;
        worst = { a: profile.columns[i]!, b: profile.columns[j]!, baseline: r1, batch: r2 };
      }
      minP = Math.min(minP, t.pValue);
      maxEffect = Math.max(maxEffect, t.effectSize);
    }
  }
  if (pairs === 0) return null;
  return {
    statistic: Math.abs(maxZ),
    pValue: Math.min(1, minP * pairs),
    effectSize: maxEffect,
    details: { pairs, worstPair: worst, rowsUsed: picked ? picked.length : rows },
  };
}

function gather(values: Float64Array, idx: Uint32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = values[idx[i]!]!;
  return out;
}
