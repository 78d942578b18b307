/**
 * Per-coordinate mean and standard deviation of a set of updates: what the omniscient attacks
 * (A Little Is Enough, inner-product manipulation) estimate from the honest clients.
 */
import { invalidInput } from '../../core/errors.js';

/** Mean and population standard deviation (ddof 0, as numpy's default) of every coordinate. */
export interface CoordinateMoments {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/**
 * The mean and population standard deviation of each coordinate over `updates`, in double precision.
 *
 * @throws AntidoteError `invalid_input` for no updates or unequal lengths.
 *
 * @example
 * coordinateMoments([Float32Array.of(1, 0), Float32Array.of(3, 0)]); // mean [2, 0], std [1, 0]
 */
export function coordinateMoments(updates: readonly Float32Array[]): CoordinateMoments {
  const n = updates.length;
  if (n === 0) throw invalidInput('coordinateMoments: no updates; the attack needs at least one honest update of the round');
  const d = updates[0]!.length;
  const mean = new Float64Array(d);
  for (const [i, u] of updates.entries()) {
    if (u.length !== d) throw invalidInput(`coordinateMoments: update ${i} has ${u.length} values, update 0 has ${d}; every update must have the same length`);
    for (let p = 0; p < d; p++) mean[p]! += u[p]!;
  }
  for (let p = 0; p < d; p++) mean[p]! /= n;
  const std = new Float64Array(d);
  for (const u of updates) for (let p = 0; p < d; p++) std[p]! += (u[p]! - mean[p]!) ** 2;
  for (let p = 0; p < d; p++) std[p] = Math.sqrt(std[p]! / n);
  return { mean, std };
}
