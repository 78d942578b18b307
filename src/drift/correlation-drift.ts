// Change in feature correlations: Fisher (1921) z test for each pair, Bonferroni across pairs.
import type { CorrelationProfile } from '../core/baseline.js';
import type { DriftMeasurement } from '../core/drift-test.js';
import type { Dataset, NumericColumn } from '../core/dataset.js';
import { correlationDifference, pearsonCorrelationMatrix } from '../stats/correlation-difference.js';

/**
 * The seed's "abnormal feature correlations": the batch's Pearson correlation of every pair of
 * numeric columns against the baseline's. Statistic: the largest |z|; p-value: the smallest pair
 * p-value times the number of pairs (Bonferroni, capped at 1); effect: the largest |r_batch - r_baseline|.
 */
export function measureCorrelationShift(profile: CorrelationProfile, batch: Dataset): DriftMeasurement | null {
  const cols: NumericColumn[] = [];
  for (const name of profile.columns) {
    const c = batch.columns.find((x) => x.name === name);
    if (!c || c.kind !== 'numeric') return null;
    cols.push(c);
  }
  const k = cols.length;
  const { matrix, counts } = pearsonCorrelationMatrix(cols.map((c) => c.values));
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
  return { statistic: Math.abs(maxZ), pValue: Math.min(1, minP * pairs), effectSize: maxEffect, details: { pairs, worstPair: worst } };
}
