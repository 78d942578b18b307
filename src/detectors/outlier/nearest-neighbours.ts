/**
 * The neighbour search the neighbour-based detectors share (LOF, kNN distance, DBSCAN): exact
 * brute force through the native product up to {@link APPROXIMATE_NEIGHBOURS_FROM} reference
 * rows, an HNSW graph beyond, where brute force grows quadratically.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { approximateNeighbours, type ApproximateNeighbourOptions } from './approximate-neighbours.js';
import { exactNeighbours } from './exact-neighbours.js';
import type { Neighbours } from './neighbour-graph.js';

/**
 * Reference rows from which `auto` switches from brute force to the HNSW graph. Measured on the
 * project's machine kind (2 cores), 100k x 32 Gaussian rows, k = 20, all rows queried: brute
 * force (Gemm + TopK tiles) ~50 s under load, usearch's graph ~16 s to build and ~42 s to search
 * (its prebuilt distance kernel runs at ~0.4 GFLOP/s here) at recall 0.85. Brute force grows as
 * n², the graph as about n log n, so they cross near 150k rows.
 */
export const APPROXIMATE_NEIGHBOURS_FROM = 200_000;

/** How to search: `auto` by size, or always `exact` / `approximate`. */
export const NEIGHBOUR_SEARCHES = ['auto', 'exact', 'approximate'] as const;

/** One of {@link NEIGHBOUR_SEARCHES}. */
export type NeighbourSearch = (typeof NEIGHBOUR_SEARCHES)[number];

/** Options of {@link nearestNeighbours}. */
export interface NearestNeighbourOptions {
  /** `auto` (default): exact below {@link APPROXIMATE_NEIGHBOURS_FROM} reference rows, approximate from there. */
  readonly search?: NeighbourSearch;
  /** Graph parameters for the approximate search. */
  readonly approximate?: ApproximateNeighbourOptions;
}

/**
 * Checks a {@link NeighbourSearch} value from options.
 *
 * @throws AntidoteError `invalid_input` naming the value and the choices.
 */
export function assertNeighbourSearch(value: unknown): asserts value is NeighbourSearch | undefined {
  if (value !== undefined && !(NEIGHBOUR_SEARCHES as readonly unknown[]).includes(value)) {
    throw invalidInput(`unknown neighbour search "${String(value)}"; available: ${NEIGHBOUR_SEARCHES.join(', ')}`);
  }
}

/**
 * The `k` nearest reference rows of every query row (Euclidean, nearest first). Without
 * `queries`, each reference row is queried and left out of its own neighbours.
 *
 * @param reference m x d
 * @param k neighbours per query
 * @param queries q x d, or absent for the reference rows themselves
 * @throws AntidoteError `invalid_input` for a bad k or search choice.
 *
 * @example
 * const nn = await nearestNeighbours(x, 20); // exact below 200,000 rows, HNSW above
 */
export async function nearestNeighbours(
  reference: Matrix<Float32Array>,
  k: number,
  queries?: Matrix<Float32Array>,
  options: NearestNeighbourOptions = {},
): Promise<Neighbours> {
  assertNeighbourSearch(options.search);
  const search = options.search ?? 'auto';
  const approximate = search === 'approximate' || (search === 'auto' && reference.rows >= APPROXIMATE_NEIGHBOURS_FROM);
  return approximate ? approximateNeighbours(reference, k, queries, options.approximate) : exactNeighbours(reference, k, queries);
}
