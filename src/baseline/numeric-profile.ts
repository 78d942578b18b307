import type { NumericProfile } from '../core/baseline.js';
import { quantileSorted } from '../kernels/quantiles.js';

/** Columns with at most this many values keep every value (exact two-sample tests). */
export const EXACT_PROFILE_MAX = 2000;
/** Otherwise the distribution is kept as quantiles at 0, 1/Q, ..., 1. */
export const SKETCH_INTERVALS = 1000;
/** Bins of the population stability index (deciles of the reference). */
export const PSI_BINS = 10;
const HISTOGRAM_BINS = 30;

/**
 * Profiles a numeric (or timestamp) column: moments, the reference distribution (exact or a
 * quantile sketch), decile bins for PSI, and a histogram for plots. NaN values count as missing.
 */
export function profileNumeric(name: string, kind: 'numeric' | 'timestamp', values: Float64Array): NumericProfile {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  const missing = values.length - n;
  if (n === 0) {
    return {
      name, kind, count: 0, missing, min: NaN, max: NaN, mean: NaN, std: NaN,
      distribution: { exact: true, values: [] },
      psiBins: { edges: [], proportions: [] },
      histogram: { edges: [], counts: [] },
    };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const exact = n <= EXACT_PROFILE_MAX;
  const distribution = exact
    ? Array.from(sorted)
    : Array.from({ length: SKETCH_INTERVALS + 1 }, (_, i) => quantileSorted(sorted, i / SKETCH_INTERVALS));
  const edges = Array.from({ length: PSI_BINS - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / PSI_BINS));
  const proportions = binProportions(sorted, edges);
  return {
    name, kind, count: n, missing, min: sorted[0]!, max: sorted[n - 1]!, mean, std,
    distribution: { exact, values: distribution },
    psiBins: { edges, proportions },
    histogram: histogram(sorted, sorted[0]!, sorted[n - 1]!, HISTOGRAM_BINS),
  };
}

/** The finite values of `values`, sorted ascending (a new array). */
export function sortedFinite(values: Float64Array): Float64Array {
  let k = 0;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k).sort();
}

/**
 * Proportion of sorted values in each bin `(-inf, e0], (e0, e1], ..., (e_last, inf)`: numpy's
 * `searchsorted(edges, x)` (side left) convention, as the PSI peer uses.
 */
export function binProportions(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let b = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    while (b < edges.length && v > edges[b]!) b++;
    counts[b]!++;
  }
  return counts.map((c) => (sorted.length > 0 ? c / sorted.length : 0));
}

/** Equal-width histogram of sorted values between `lo` and `hi`. */
export function histogram(sorted: Float64Array, lo: number, hi: number, bins: number): { edges: number[]; counts: number[] } {
  const width = hi > lo ? (hi - lo) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v < lo || v > hi) continue;
    const b = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b]!++;
  }
  return { edges, counts };
}
