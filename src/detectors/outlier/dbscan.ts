/**
 * DBSCAN noise as outliers. Ester, Kriegel, Sander & Xu (1996), "A Density-Based Algorithm for
 * Discovering Clusters in Large Spatial Databases with Noise", KDD: a row with at least
 * `minSamples` rows (itself included) within eps is a core row, a row within eps of a core row
 * belongs to a cluster, and every other row is noise. eps defaults to the knee of the k-distance
 * curve. The score is continuous so that it ranks rows and the contamination offset applies:
 * core rows score −(k-distance / eps) in [−1, 0], other rows −(1 + distance to the nearest core
 * row / eps), so border rows fall in [−2, −1) and DBSCAN's noise is exactly the rows below −2.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { kDistanceKnee } from './k-distance-knee.js';
import { NeighbourDetectorBase, type NeighbourDetectorOptions } from './neighbour-detector-base.js';
import { nearestNeighbours } from './nearest-neighbours.js';

/** Parameters of the DBSCAN detector. */
export interface DbscanOptions extends NeighbourDetectorOptions {
  /** Neighbourhood radius; default the knee of the k-distance curve (k = minSamples − 1). */
  readonly eps?: number;
  /** Rows within eps, the row itself included, that make a core row (default 5, as scikit-learn; at least 2). */
  readonly minSamples?: number;
}

/** The fitted DBSCAN structure. */
export interface DbscanModel {
  /** The radius used (given, or from the knee). */
  readonly eps: number;
  /** 1 for core rows of the fit data (scikit-learn's `core_sample_indices_`). */
  readonly core: Uint8Array;
  /** 1 for noise rows of the fit data (scikit-learn's `labels_ == -1`). */
  readonly noise: Uint8Array;
}

/** DBSCAN detector: noise rows score below −2, border rows in [−2, −1), core rows in [−1, 0]. */
export class Dbscan extends NeighbourDetectorBase {
  readonly name = 'dbscan';
  readonly minSamples: number;
  readonly eps: number | undefined;
  private fitted: DbscanModel | undefined;
  private coreRows: Matrix<Float32Array> | undefined;
  private k = 0;

  /** @throws AntidoteError `invalid_input` for a bad eps, minSamples, search or contamination. */
  constructor(options: DbscanOptions) {
    super(options);
    this.minSamples = options.minSamples ?? 5;
    if (!Number.isInteger(this.minSamples) || this.minSamples < 2) {
      throw invalidInput(`dbscan: minSamples must be an integer of at least 2, got ${String(options.minSamples)}`);
    }
    if (options.eps !== undefined && !(Number.isFinite(options.eps) && options.eps > 0)) {
      throw invalidInput(`dbscan: eps must be a positive finite number, got ${String(options.eps)}`);
    }
    this.eps = options.eps;
  }

  /** The fitted structure, or undefined before fit. */
  get model(): DbscanModel | undefined {
    return this.fitted;
  }

  protected async learnFrom(train: Matrix<Float32Array>): Promise<Float64Array> {
    const n = train.rows;
    this.k = Math.min(this.minSamples - 1, n - 1);
    const nn = await this.neighbours(this.k);
    const kDistance = new Float64Array(n);
    for (let i = 0; i < n; i++) kDistance[i] = nn.distances[i * this.k + this.k - 1]!;
    const eps = this.eps ?? kDistanceKnee(kDistance);
    const core = new Uint8Array(n);
    const coreIds: number[] = [];
    for (let i = 0; i < n; i++) {
      if (kDistance[i]! <= eps) {
        core[i] = 1;
        coreIds.push(i);
      }
    }
    const d = train.cols;
    const coreData = new Float32Array(coreIds.length * d);
    coreIds.forEach((r, t) => coreData.set(train.data.subarray(r * d, r * d + d), t * d));
    this.coreRows = { rows: coreIds.length, cols: d, data: coreData };
    const others: number[] = [];
    for (let i = 0; i < n; i++) if (!core[i]) others.push(i);
    const otherData = new Float32Array(others.length * d);
    others.forEach((r, t) => otherData.set(train.data.subarray(r * d, r * d + d), t * d));
    const toCore = await this.distanceToCore({ rows: others.length, cols: d, data: otherData }, Float64Array.from(others, (r) => kDistance[r]!));
    const scores = new Float64Array(n);
    const noise = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (core[i]) scores[i] = -kDistance[i]! / eps;
    others.forEach((r, t) => {
      scores[r] = -(1 + toCore[t]! / eps);
      if (toCore[t]! > eps) noise[r] = 1;
    });
    this.fitted = { eps, core, noise };
    return scores;
  }

  protected async scoreNew(x: Matrix<Float32Array>): Promise<Float64Array> {
    if (x.rows === 0) return new Float64Array(0);
    const { eps } = this.fitted!;
    // A new row's neighbourhood holds itself plus fit rows: k = minSamples − 1 of them make it core.
    const nn = await this.neighbours(this.k, x);
    const scores = new Float64Array(x.rows);
    const others: number[] = [];
    const otherK: number[] = [];
    for (let i = 0; i < x.rows; i++) {
      const kd = nn.distances[i * this.k + this.k - 1]!;
      if (kd <= eps) scores[i] = -kd / eps;
      else {
        others.push(i);
        otherK.push(kd);
      }
    }
    const d = x.cols;
    const otherData = new Float32Array(others.length * d);
    others.forEach((r, t) => otherData.set(x.data.subarray(r * d, r * d + d), t * d));
    const toCore = await this.distanceToCore({ rows: others.length, cols: d, data: otherData }, Float64Array.from(otherK));
    others.forEach((r, t) => (scores[r] = -(1 + toCore[t]! / eps)));
    return scores;
  }

  /**
   * Distance of each row to its nearest core fit row. With no core rows at all (eps below every
   * k-distance), the row's own k-distance stands in, so scores stay finite and every row is noise.
   */
  private async distanceToCore(rows: Matrix<Float32Array>, kDistance: Float64Array): Promise<Float64Array> {
    const core = this.coreRows!;
    if (rows.rows === 0 || core.rows === 0) return kDistance;
    const nn = await nearestNeighbours(core, 1, rows, this.searchOptions);
    return nn.distances;
  }
}

/**
 * Builds a {@link Dbscan} detector (registry factory).
 *
 * @example
 * const dbscan = createDbscan({ rng: createRng(1), minSamples: 10 });
 */
export function createDbscan(options: DbscanOptions): Dbscan {
  return new Dbscan(options);
}
