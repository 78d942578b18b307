/**
 * The few vector operations the aggregation rules share: norms, dot products and (weighted)
 * means of chosen clients, accumulated in double precision and returned as float32.
 */
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';

/** Euclidean norm, accumulated in double precision. */
export function l2Norm(v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Dot product of two equal-length vectors, accumulated in double precision. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Cosine similarity; 0 when either vector is zero (no direction to compare). */
export function cosine(a: Float32Array, b: Float32Array): number {
  const na = l2Norm(a);
  const nb = l2Norm(b);
  return na === 0 || nb === 0 ? 0 : dot(a, b) / (na * nb);
}

/**
 * `Σ wᵢ xᵢ / Σ wᵢ` over the clients `indices` (all when absent), with `weights[i]` per client
 * (their `numExamples` when absent).
 *
 * @throws AntidoteError `invalid_input` when the weights sum to 0 (`rule` names the caller).
 */
export function weightedMean(updates: readonly ClientUpdate[], rule: string, indices?: readonly number[], weights?: ArrayLike<number>): Float32Array {
  const chosen = indices ?? updates.map((_, i) => i);
  const d = updates[chosen[0]!]!.values.length;
  let total = 0;
  for (const i of chosen) total += weights ? weights[i]! : updates[i]!.numExamples;
  if (!(total > 0)) {
    throw invalidInput(`${rule}: the chosen clients' weights (numExamples) sum to ${total}; at least one must be > 0`);
  }
  const acc = new Float64Array(d);
  for (const i of chosen) {
    const w = (weights ? weights[i]! : updates[i]!.numExamples) / total;
    if (w === 0) continue;
    const v = updates[i]!.values;
    for (let p = 0; p < d; p++) acc[p]! += w * v[p]!;
  }
  return Float32Array.from(acc);
}

/** The plain (unweighted) mean of the clients `indices`. */
export function plainMean(updates: readonly ClientUpdate[], indices: readonly number[]): Float32Array {
  const d = updates[indices[0]!]!.values.length;
  const acc = new Float64Array(d);
  for (const i of indices) {
    const v = updates[i]!.values;
    for (let p = 0; p < d; p++) acc[p]! += v[p]!;
  }
  const out = new Float32Array(d);
  for (let p = 0; p < d; p++) out[p] = acc[p]! / indices.length;
  return out;
}
