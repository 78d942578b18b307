/**
 * Distance to the k-th nearest neighbour. Ramaswamy, Rastogi & Shim (2000), "Efficient
 * Algorithms for Mining Outliers from Large Data Sets", SIGMOD: rows far from their k-th nearest
 * neighbour are outliers. The fit rows leave themselves out of their own neighbours; other rows
 * are measured against the fit rows.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Neighbours } from './neighbour-graph.js';
import { NeighbourDetectorBase, type NeighbourDetectorOptions } from './neighbour-detector-base.js';

/** Parameters of the kNN-distance detector. */
export interface KnnDistanceOptions extends NeighbourDetectorOptions {
  /** Which neighbour's distance scores a row (default 5; at most the fit rows − 1). */
  readonly k?: number;
}

function negativeKthDistance(nn: Neighbours): Float64Array {
  const out = new Float64Array(nn.rows);
  for (let i = 0; i < nn.rows; i++) out[i] = -nn.distances[i * nn.k + nn.k - 1]!;
  return out;
}

/** kNN-distance detector: `scoreSamples` is −(Euclidean distance to the k-th nearest fit row). */
export class KnnDistance extends NeighbourDetectorBase {
  readonly name = 'knn';
  readonly k: number;
  private used = 0;

  /** @throws AntidoteError `invalid_input` for a bad k, search or contamination. */
  constructor(options: KnnDistanceOptions) {
    super(options);
    this.k = options.k ?? 5;
    if (!Number.isInteger(this.k) || this.k < 1) throw invalidInput(`knn: k must be a positive integer, got ${String(options.k)}`);
  }

  protected async learnFrom(train: Matrix<Float32Array>): Promise<Float64Array> {
    this.used = Math.min(this.k, train.rows - 1);
    return negativeKthDistance(await this.neighbours(this.used));
  }

  protected async scoreNew(x: Matrix<Float32Array>): Promise<Float64Array> {
    if (x.rows === 0) return new Float64Array(0);
    return negativeKthDistance(await this.neighbours(this.used, x));
  }
}

/**
 * Builds a {@link KnnDistance} detector (registry factory).
 *
 * @example
 * const knn = createKnnDistance({ rng: createRng(1), k: 10 });
 */
export function createKnnDistance(options: KnnDistanceOptions): KnnDistance {
  return new KnnDistance(options);
}
