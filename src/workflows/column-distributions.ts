import type { Baseline, CategoricalProfile, NumericProfile } from '../core/baseline.js';
import type { Dataset } from '../core/dataset.js';
import type { ColumnDistribution } from '../core/scan-report.js';
import { histogram } from '../baseline/numeric-profile.js';
import { numericView } from '../drift/numeric-values.js';
import { alignCategories } from '../drift/category-alignment.js';

/** Baseline and batch proportions per column on common bins, for the report's plots. */
export function columnDistributions(baseline: Baseline, batch: Dataset): ColumnDistribution[] {
  const out: ColumnDistribution[] = [];
  for (const profile of baseline.columns) {
    const col = batch.columns.find((c) => c.name === profile.name);
    if (!col) continue;
    // numericView reuses the sort the drift tests already made of this column.
    const view = numericView(profile, col);
    if (view) {
      out.push(profile.kind === 'text' ? { ...numericDistribution(view.profile, view.sorted, profile.name), kind: 'text length' } : numericDistribution(view.profile, view.sorted, profile.name));
    } else if (profile.kind === 'categorical' || profile.kind === 'boolean') {
      const a = alignCategories(profile as CategoricalProfile, col);
      if (!a) continue;
      const nb = a.baseline.reduce((s, v) => s + v, 0) || 1;
      const nc = a.batch.reduce((s, v) => s + v, 0) || 1;
      out.push({ column: profile.name, kind: profile.kind, categories: a.categories, baseline: a.baseline.map((v) => v / nb), batch: a.batch.map((v) => v / nc) });
    }
  }
  return out;
}

function numericDistribution(profile: NumericProfile, sortedBatch: Float64Array, column: string): ColumnDistribution {
  const { edges, counts } = profile.histogram;
  const lo = edges[0] ?? 0;
  const hi = edges[edges.length - 1] ?? 0;
  const bins = Math.max(1, counts.length);
  // Widen to cover the batch too, so values outside the baseline's range show.
  const bLo = sortedBatch.length > 0 ? Math.min(lo, sortedBatch[0]!) : lo;
  const bHi = sortedBatch.length > 0 ? Math.max(hi, sortedBatch[sortedBatch.length - 1]!) : hi;
  if (bLo === lo && bHi === hi) {
    const batch = histogram(sortedBatch, lo, hi, bins);
    return { column, kind: profile.kind, edges, baseline: normalise(counts), batch: normalise(batch.counts) };
  }
  // Rebin the baseline from its distribution values (exact values, or the sketch's quantiles, each 1/Q of the mass).
  const ref = Float64Array.from(profile.distribution.values);
  const refHist = histogram(ref, bLo, bHi, bins);
  const batch = histogram(sortedBatch, bLo, bHi, bins);
  return { column, kind: profile.kind, edges: refHist.edges, baseline: normalise(refHist.counts), batch: normalise(batch.counts) };
}

function normalise(counts: readonly number[]): number[] {
  const total = counts.reduce((s, v) => s + v, 0) || 1;
  return counts.map((c) => c / total);
}
