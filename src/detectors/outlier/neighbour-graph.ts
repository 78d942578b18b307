/**
 * The result type of every nearest-neighbour search here: for each query row, its `k` nearest
 * reference rows, nearest first, with Euclidean distances.
 */

/** How the neighbours were found: by brute force (exact) or on an HNSW graph (approximate). */
export const NEIGHBOUR_METHODS = ['exact', 'approximate'] as const;

/** One of {@link NEIGHBOUR_METHODS}. */
export type NeighbourMethod = (typeof NEIGHBOUR_METHODS)[number];

/**
 * The k nearest neighbours of `rows` query rows: query i's neighbours are
 * `indices[i * k .. i * k + k)` (reference row numbers), nearest first, at Euclidean
 * `distances` (same layout, ascending).
 */
export interface Neighbours {
  readonly rows: number;
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float64Array;
  readonly method: NeighbourMethod;
}
