/**
 * The first Wasserstein (earth mover's) distance between two one-dimensional distributions:
 * the integral of |F_u - G_v| over the line (Vallender 1974, "Calculation of the Wasserstein
 * distance between probability distributions on the line"), as scipy.stats.wasserstein_distance.
 */
import { AntidoteError } from '../core/errors.js';
import { type NumericSample, checkSample } from './sample-validation.js';
import { CompensatedSum, pairwiseSum } from './summation.js';
import type { TestResult } from './test-result.js';

/** The result of {@link wasserstein} and {@link wassersteinFromQuantiles}. */
export interface WassersteinResult extends TestResult {
  /** The distance, in the units of the data. */
  readonly statistic: number;
  /** No p-value is defined. */
  readonly pValue: null;
  /** The distance again (in data units; divide by a reference spread for a scale-free size). */
  readonly effectSize: number;
}

interface SortedDistribution {
  readonly values: Float64Array;
  /** cumulative[i] = total weight of the i smallest values (cumulative[0] = 0); null when unweighted. */
  readonly cumulative: Float64Array | null;
}

function prepare(name: string, values: NumericSample, weights: NumericSample | undefined): SortedDistribution {
  checkSample(name, values);
  if (weights === undefined) return { values: Float64Array.from(values).sort(), cumulative: null };
  const wName = `${name}Weights`;
  checkSample(wName, weights, { nonNegative: true });
  if (weights.length !== values.length) {
    throw new AntidoteError('invalid_input', `${wName} has ${weights.length} entries for ${values.length} values; they must have the same length`);
  }
  const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const sorted = Float64Array.from(order, (i) => values[i]!);
  const cumulative = new Float64Array(values.length + 1);
  let acc = 0;
  for (let k = 0; k < order.length; k++) {
    acc += weights[order[k]!]!;
    cumulative[k + 1] = acc;
  }
  if (!(acc > 0 && Number.isFinite(acc))) throw new AntidoteError('invalid_input', `${wName} sums to ${acc}; the total weight must be positive and finite`);
  return { values: sorted, cumulative };
}

function cdfAt(d: SortedDistribution, count: number): number {
  return d.cumulative === null ? count / d.values.length : d.cumulative[count]! / d.cumulative[d.values.length]!;
}

/**
 * Wasserstein-1 distance between the empirical distributions of `u` and `v`, optionally weighted:
 * sum over consecutive pooled values of |F_u - F_v| times the gap, exactly as
 * scipy.stats.wasserstein_distance(u, v, uWeights, vWeights). Values must be finite; weights
 * non-negative with a positive finite sum.
 *
 * @example
 * wasserstein([0, 1, 3], [5, 6, 8]).statistic; // 5
 */
export function wasserstein(u: NumericSample, v: NumericSample, uWeights?: NumericSample, vWeights?: NumericSample): WassersteinResult {
  const du = prepare('u', u, uWeights);
  const dv = prepare('v', v, vWeights);
  const a = du.values;
  const b = dv.values;
  const total = a.length + b.length;
  // Walk the merged order; at each pooled value count how many of u and of v are <= it
  // (np.searchsorted side='right'), so ties contribute zero-width gaps exactly as in scipy.
  const terms = new Float64Array(total - 1);
  let ia = 0;
  let ib = 0;
  let ca = 0;
  let cb = 0;
  let previous = 0;
  for (let k = 0; k < total; k++) {
    const x = ib >= b.length || (ia < a.length && a[ia]! <= b[ib]!) ? a[ia++]! : b[ib++]!;
    if (k > 0) terms[k - 1] = Math.abs(cdfAt(du, ca) - cdfAt(dv, cb)) * (x - previous);
    while (ca < a.length && a[ca]! <= x) ca++;
    while (cb < b.length && b[cb]! <= x) cb++;
    previous = x;
  }
  const distance = pairwiseSum(terms);
  return { statistic: distance, pValue: null, effectSize: distance };
}

function checkGrid(name: string, q: NumericSample): void {
  checkSample(name, q, { minLength: 2 });
  for (let i = 1; i < q.length; i++) {
    if (q[i]! < q[i - 1]!) throw new AntidoteError('invalid_input', `${name} decreases at ${i} (${q[i - 1]} then ${q[i]}); a quantile grid must be non-decreasing`);
  }
}

/**
 * Wasserstein-1 distance between two distributions known by their quantiles on the same equally
 * spaced probability grid 0, 1/(k-1), ..., 1 (for example two baselines' quantile sketches): the
 * exact integral over t of |Q_a(t) - Q_b(t)| for the piecewise-linear quantile functions through
 * the grid points (crossings inside a cell are integrated exactly).
 *
 * @example
 * wassersteinFromQuantiles([0, 1, 2], [1, 2, 3]).statistic; // 1
 */
export function wassersteinFromQuantiles(qa: NumericSample, qb: NumericSample): WassersteinResult {
  checkGrid('qa', qa);
  checkGrid('qb', qb);
  if (qa.length !== qb.length) throw new AntidoteError('invalid_input', `qa has ${qa.length} quantiles and qb has ${qb.length}; the grids must match`);
  const h = 1 / (qa.length - 1);
  const acc = new CompensatedSum();
  for (let i = 0; i + 1 < qa.length; i++) {
    const d0 = qa[i]! - qb[i]!;
    const d1 = qa[i + 1]! - qb[i + 1]!;
    const a0 = Math.abs(d0);
    const a1 = Math.abs(d1);
    if ((d0 >= 0 && d1 >= 0) || (d0 <= 0 && d1 <= 0)) acc.add((h * (a0 + a1)) / 2);
    else acc.add((h * (d0 * d0 + d1 * d1)) / (2 * (a0 + a1)));
  }
  const distance = acc.value();
  return { statistic: distance, pValue: null, effectSize: distance };
}
