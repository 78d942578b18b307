/**
 * How many of the true nearest neighbours an approximate search found: recall@k measured
 * against brute force on a seeded sample of query rows.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { sampleIndices, type Rng } from '../../core/rng.js';
import { exactNeighbours } from './exact-neighbours.js';
import type { Neighbours } from './neighbour-graph.js';

/** Recall of an approximate neighbour search on a sample of its queries. */
export interface NeighbourRecall {
  /** Share of the exact k nearest neighbours that the approximate search returned, over the sample. */
  readonly recall: number;
  /** Query rows checked. */
  readonly sampled: number;
}

/**
 * Recall@k of `found` (neighbours of `queries`, or of the reference rows themselves when
 * `queries` is absent) against exact brute force on `sampleSize` query rows drawn with `rng`.
 * A neighbour at exactly the k-th exact distance counts as found (ties are not misses).
 *
 * @throws AntidoteError `invalid_input` when `sampleSize` is not a positive integer.
 */
export async function neighbourRecall(
  reference: Matrix<Float32Array>,
  found: Neighbours,
  rng: Rng,
  sampleSize = 500,
  queries?: Matrix<Float32Array>,
): Promise<NeighbourRecall> {
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw invalidInput(`neighbour recall: sampleSize must be a positive integer, got ${sampleSize}`);
  const q = queries ?? reference;
  const k = found.k;
  const extra = queries ? 0 : 1;
  const rows = sampleIndices(q.rows, Math.min(sampleSize, q.rows), rng);
  const d = q.cols;
  const sub = new Float32Array(rows.length * d);
  rows.forEach((r, t) => sub.set(q.data.subarray(r * d, (r + 1) * d), t * d));
  const exact = await exactNeighbours(reference, Math.min(k + extra, reference.rows), { rows: rows.length, cols: d, data: sub });
  const kk = exact.k;
  let hits = 0;
  rows.forEach((r, t) => {
    const truth = new Set<number>();
    let kth = 0;
    for (let j = 0, p = 0; j < kk && p < k; j++) {
      const id = exact.indices[t * kk + j]!;
      if (!queries && id === r) continue;
      truth.add(id);
      kth = exact.distances[t * kk + j]!;
      p++;
    }
    for (let p = 0; p < k; p++) {
      const id = found.indices[r * k + p]!;
      if (truth.has(id) || found.distances[r * k + p]! <= kth) hits++;
    }
  });
  return { recall: hits / (rows.length * k), sampled: rows.length };
}
