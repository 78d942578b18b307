/**
 * Local outlier factor. Breunig, Kriegel, Ng & Sander (2000), "LOF: Identifying Density-Based
 * Local Outliers", SIGMOD: a row whose local reachability density is low compared with that of
 * its k nearest neighbours is an outlier. As scikit-learn's LocalOutlierFactor: the fit rows score
 * `negative_outlier_factor_` (each row left out of its own neighbours), other rows are scored as
 * novelties against the fit rows.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Neighbours } from './neighbour-graph.js';
import { NeighbourDetectorBase, type NeighbourDetectorOptions } from './neighbour-detector-base.js';

/** Parameters of the LOF detector. */
export interface LocalOutlierFactorOptions extends NeighbourDetectorOptions {
  /** Neighbours (default 20, as scikit-learn; at most the fit rows − 1). */
  readonly nNeighbors?: number;
}

/** Local reachability density of each query from its neighbours: 1 / (mean reach-distance + 1e-10). */
function reachabilityDensity(nn: Neighbours, kDistance: Float64Array): Float64Array {
  const { rows, k, indices, distances } = nn;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = i * k, end = j + k; j < end; j++) s += Math.max(distances[j]!, kDistance[indices[j]!]!);
    out[i] = 1 / (s / k + 1e-10);
  }
  return out;
}

/** −(mean lrd of the neighbours / own lrd), scikit-learn's `negative_outlier_factor_` / `score_samples`. */
function negativeFactor(nn: Neighbours, ownDensity: Float64Array, trainDensity: Float64Array): Float64Array {
  const { rows, k, indices } = nn;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = i * k, end = j + k; j < end; j++) s += trainDensity[indices[j]!]!;
    out[i] = -(s / k / ownDensity[i]!);
  }
  return out;
}

/** Local outlier factor detector: scores near −1 are inliers, far below −1 outliers. */
export class LocalOutlierFactor extends NeighbourDetectorBase {
  readonly name = 'lof';
  readonly nNeighbors: number;
  private k = 0;
  private kDistance: Float64Array | undefined;
  private density: Float64Array | undefined;

  /** @throws AntidoteError `invalid_input` for a bad neighbour count, search or contamination. */
  constructor(options: LocalOutlierFactorOptions) {
    super(options);
    this.nNeighbors = options.nNeighbors ?? 20;
    if (!Number.isInteger(this.nNeighbors) || this.nNeighbors < 1) {
      throw invalidInput(`lof: nNeighbors must be a positive integer, got ${String(options.nNeighbors)}`);
    }
  }

  protected async learnFrom(train: Matrix<Float32Array>): Promise<Float64Array> {
    this.k = Math.min(this.nNeighbors, train.rows - 1);
    const nn = await this.neighbours(this.k);
    const kDistance = new Float64Array(train.rows);
    for (let i = 0; i < train.rows; i++) kDistance[i] = nn.distances[i * this.k + this.k - 1]!;
    this.kDistance = kDistance;
    this.density = reachabilityDensity(nn, kDistance);
    return negativeFactor(nn, this.density, this.density);
  }

  protected async scoreNew(x: Matrix<Float32Array>): Promise<Float64Array> {
    if (x.rows === 0) return new Float64Array(0);
    const nn = await this.neighbours(this.k, x);
    return negativeFactor(nn, reachabilityDensity(nn, this.kDistance!), this.density!);
  }
}

/**
 * Builds a {@link LocalOutlierFactor} (registry factory).
 *
 * @example
 * const lof = createLocalOutlierFactor({ rng: createRng(1), nNeighbors: 20 });
 */
export function createLocalOutlierFactor(options: LocalOutlierFactorOptions): LocalOutlierFactor {
  return new LocalOutlierFactor(options);
}
