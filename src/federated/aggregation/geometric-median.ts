// Pillutla, Kakade & Harchaoui 2022, "Robust Aggregation for Federated Learning" (RFA: geometric median by smoothed Weiszfeld).
import type { ClientUpdate } from '../../core/aggregator.js';
import { integerOption, numberOption, validateUpdates } from './validate-updates.js';
import { weightedMean } from './vector-arithmetic.js';

/** Options of {@link geometricMedian}. */
export interface GeometricMedianOptions {
  /** Smoothing ν > 0: distances below it count as ν, so a client at the centre does not divide by 0 (default 1e-6). */
  readonly nu?: number;
  /** Most Weiszfeld iterations (default 100). */
  readonly maxIterations?: number;
  /** Stop when the objective Σ αᵢ‖v − xᵢ‖ improves by less than this share of itself (default 1e-6). */
  readonly tolerance?: number;
}

/**
 * The geometric median `argmin_v Σ αᵢ ‖v − xᵢ‖` with weights αᵢ ∝ `numExamples`, by the smoothed
 * Weiszfeld algorithm of RFA: from the weighted mean, `v ← Σ βᵢ xᵢ / Σ βᵢ` with
 * `βᵢ = αᵢ / max(ν, ‖v − xᵢ‖)`, until the relative improvement falls below `tolerance`.
 * Breakdown point 1/2 (of the total weight).
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, bad options, or
 *   example counts that sum to 0.
 *
 * @example
 * const global = geometricMedian(updates, { maxIterations: 10 });
 */
export function geometricMedian(updates: readonly ClientUpdate[], options: GeometricMedianOptions = {}): Float32Array {
  const { n, d } = validateUpdates(updates, 'geometricMedian');
  const nu = numberOption(options.nu ?? 1e-6, 'nu', 'geometricMedian', 0, Infinity, true);
  const maxIterations = integerOption(options.maxIterations ?? 100, 'maxIterations', 'geometricMedian', 1, 100_000);
  const tolerance = numberOption(options.tolerance ?? 1e-6, 'tolerance', 'geometricMedian', 0, 1);
  const alphas = updates.map((u) => u.numExamples);
  let v = Float64Array.from(weightedMean(updates, 'geometricMedian'));
  const dist = new Float64Array(n);
  const objective = (): number => {
    let obj = 0;
    for (let i = 0; i < n; i++) {
      const x = updates[i]!.values;
      let s = 0;
      for (let p = 0; p < d; p++) s += (v[p]! - x[p]!) ** 2;
      dist[i] = Math.sqrt(s);
      obj += alphas[i]! * dist[i]!;
    }
    return obj;
  };
  let obj = objective();
  for (let t = 0; t < maxIterations; t++) {
    const next = new Float64Array(d);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const b = alphas[i]! / Math.max(nu, dist[i]!);
      if (b === 0) continue;
      total += b;
      const x = updates[i]!.values;
      for (let p = 0; p < d; p++) next[p]! += b * x[p]!;
    }
    for (let p = 0; p < d; p++) next[p]! /= total;
    v = next;
    const previous = obj;
    obj = objective();
    if (Math.abs(previous - obj) <= tolerance * obj) break;
  }
  return Float32Array.from(v);
}
