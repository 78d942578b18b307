/**
 * k-means clustering and the k-means outlier detector. Lloyd (1982), "Least squares quantization
 * in PCM", with greedy k-means++ seeding (Arthur & Vassilvitskii 2007) as scikit-learn's KMeans
 * does; the detector scores distance to the own centroid, standardised per cluster, with small
 * clusters judged by their distance to the large ones (after He, Xu & Deng 2003, CBLOF).
 */
import type { DetectorOptions } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { sampleIndices, type Rng } from '../../core/rng.js';
import { matmulTransposedB } from '../../kernels/index.js';
import { assertFeatureMatrix } from './feature-matrix.js';
import { nearestCentres } from './nearest-centres.js';
import { OutlierDetectorBase } from './outlier-detector-base.js';

/** Options of {@link kMeans}. */
export interface KMeansOptions {
  /** Seeded randomness for the k-means++ seeding. */
  readonly rng: Rng;
  /** Most Lloyd iterations (default 300, as scikit-learn). */
  readonly maxIter?: number;
  /**
   * Convergence tolerance, relative to the mean per-feature variance of the data (default 1e-4,
   * as scikit-learn): iterations stop when the centres move less than that in total squared distance.
   */
  readonly tol?: number;
  /** Initial centres (k x d) instead of k-means++ (to reproduce a run, or compare with scikit-learn). */
  readonly init?: Matrix;
  /**
   * Rows k-means++ seeds from (default 10,000): above that, seeds are chosen from a seeded random
   * sample of this many rows, since each seed costs a pass over the rows it chooses from; Lloyd's
   * iterations then use every row. Up to this size seeding is exactly scikit-learn's.
   */
  readonly seedingSample?: number;
}

/** A k-means clustering. */
export interface KMeansResult {
  /** k x d centres, double precision. */
  readonly centroids: Matrix<Float64Array>;
  /** Cluster of every row (0..k-1), the nearest centre. */
  readonly labels: Int32Array;
  /** Rows in each cluster. */
  readonly sizes: Int32Array;
  /** Sum of squared distances of the rows to their centres. */
  readonly inertia: number;
  /** Lloyd iterations run (scikit-learn's `n_iter_`). */
  readonly iterations: number;
}

/** Squared norm of every row, in double precision; NaN or ±Infinity when the row holds a non-finite value. */
function rowNorms(x: Matrix<Float32Array>): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows);
  for (let i = 0, o = 0; i < rows; i++) {
    let s = 0;
    for (const end = o + cols; o < end; o++) s += data[o]! * data[o]!;
    out[i] = s;
  }
  return out;
}

/**
 * Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`: each new centre is the best,
 * by resulting potential, of 2 + ⌊ln k⌋ rows drawn with probability proportional to their
 * squared distance to the nearest centre so far. Distances to the candidates come from one
 * matrix product per centre.
 */
async function kMeansPlusPlus(x: Matrix<Float32Array>, xNorms: Float64Array, k: number, rng: Rng): Promise<Float64Array> {
  const { rows: n, cols: d, data } = x;
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.nextInt(n);
  for (let p = 0; p < d; p++) centres[p] = data[first * d + p]!;
  const closest = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const firstRow = { rows: 1, cols: d, data: data.slice(first * d, first * d + d) };
  const g0 = (await matmulTransposedB(x, firstRow)).data;
  const n0 = xNorms[first]!;
  let potential = 0;
  for (let i = 0; i < n; i++) {
    const v = xNorms[i]! + n0 - 2 * g0[i]!;
    closest[i] = i === first || v < 0 ? 0 : v;
    cumulative[i] = potential += closest[i]!;
  }
  const candidates = new Float32Array(trials * d);
  const ids = new Int32Array(trials);
  const pots = new Float64Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) {
      const target = rng.next() * potential;
      // searchsorted (left): the first index whose cumulative sum reaches the target.
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < target) lo = mid + 1;
        else hi = mid;
      }
      ids[t] = lo;
      candidates.set(data.subarray(lo * d, lo * d + d), t * d);
    }
    const g = (await matmulTransposedB(x, { rows: trials, cols: d, data: candidates })).data;
    // Squared distances to the candidates, and the potential each would leave, in one pass.
    pots.fill(0);
    for (let i = 0, o = 0; i < n; i++) {
      const ci = closest[i]!;
      const xi = xNorms[i]!;
      for (let t = 0; t < trials; t++, o++) {
        let v = xi + xNorms[ids[t]!]! - 2 * g[o]!;
        if (v < 0) v = 0;
        g[o] = v;
        pots[t] = pots[t]! + (v < ci ? v : ci);
      }
    }
    let best = 0;
    for (let t = 1; t < trials; t++) if (pots[t]! < pots[best]!) best = t;
    potential = 0;
    for (let i = 0; i < n; i++) {
      const v = g[i * trials + best]!;
      if (v < closest[i]!) closest[i] = v;
      cumulative[i] = potential += closest[i]!;
    }
    for (let p = 0; p < d; p++) centres[c * d + p] = data[ids[best]! * d + p]!;
  }
  return centres;
}

/** Squared distance of every row to the centre of its label, in double precision. */
function distancesToOwnCentre(x: Matrix<Float32Array>, labels: Int32Array, centres: Float64Array): Float64Array {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array(n);
  for (let i = 0, o = 0; i < n; i++) {
    let s = 0;
    for (let q = labels[i]! * d, end = q + d; q < end; q++, o++) s += (data[o]! - centres[q]!) ** 2;
    out[i] = s;
  }
  return out;
}

/**
 * Cluster sums of the rows by label, into `out` (k x d) with `sizes`, and the sum of all squared
 * values (for the tolerance scale and inertia; non-finite when a value is). An empty cluster takes
 * the row farthest from its current centre (scikit-learn's relocation).
 */
function clusterSums(x: Matrix<Float32Array>, labels: Int32Array, centres: Float64Array, k: number, out: Float64Array, sizes: Int32Array): { squares: number; relocated: boolean } {
  const { rows: n, cols: d, data } = x;
  out.fill(0);
  sizes.fill(0);
  let squares = 0;
  for (let i = 0, s = 0; i < n; i++) {
    const c = labels[i]!;
    sizes[c]!++;
    for (let o = c * d, end = o + d; o < end; o++, s++) {
      const v = data[s]!;
      out[o] = out[o]! + v;
      squares += v * v;
    }
  }
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (sizes[c] === 0) empty.push(c);
  if (empty.length === 0) return { squares, relocated: false };
  const d2 = distancesToOwnCentre(x, labels, centres);
  const far = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => d2[b]! - d2[a]! || a - b)
    .slice(0, empty.length);
  empty.forEach((c, t) => {
    const i = far[t]!;
    const old = labels[i]!;
    if (sizes[old]! <= 1) return;
    for (let p = 0; p < d; p++) {
      out[old * d + p] = out[old * d + p]! - data[i * d + p]!;
      out[c * d + p] = data[i * d + p]!;
    }
    sizes[old]!--;
    sizes[c] = 1;
  });
  return { squares, relocated: true };
}

/**
 * k-means by Lloyd's iterations from greedy k-means++ seeds (on a sample of at most
 * `seedingSample` rows) or the given `init`, with
 * scikit-learn's stopping rule: labels unchanged, or total squared centre shift at most
 * `tol` x the mean feature variance. The assignment step runs natively for large inputs (one
 * onnxruntime graph: product, arg-min, minimum); centres and inertia are computed in double precision.
 *
 * @param x n x d, finite
 * @param k clusters, 1..n
 * @throws AntidoteError `invalid_input` for bad data, k, iterations, tolerance or init shape.
 *
 * @example
 * const { labels, centroids } = await kMeans(x, 10, { rng: createRng(0) });
 */
export async function kMeans(x: Matrix<Float32Array>, k: number, options: KMeansOptions): Promise<KMeansResult> {
  assertFeatureMatrix(x, 'kMeans', undefined, 1, false);
  const { rows: n, cols: d } = x;
  if (!Number.isInteger(k) || k < 1 || k > n) throw invalidInput(`kMeans: k must be an integer in [1, ${n}] (the number of rows), got ${k}`);
  const maxIter = options.maxIter ?? 300;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw invalidInput(`kMeans: maxIter must be a positive integer, got ${maxIter}`);
  const tolRelative = options.tol ?? 1e-4;
  if (!(tolRelative >= 0)) throw invalidInput(`kMeans: tol must be a non-negative number, got ${tolRelative}`);
  let centres: Float64Array;
  if (options.init) {
    const init = options.init;
    if (init.rows !== k || init.cols !== d || init.data.length !== k * d) {
      throw invalidInput(`kMeans: init is ${init.rows} x ${init.cols}, expected k x d = ${k} x ${d}`);
    }
    centres = Float64Array.from(init.data);
  } else {
    const sample = options.seedingSample ?? 10_000;
    if (!Number.isInteger(sample) || sample < 1) throw invalidInput(`kMeans: seedingSample must be a positive integer, got ${sample}`);
    let seeding = x;
    if (n > Math.max(sample, k)) {
      const rows = sampleIndices(n, Math.max(sample, k), options.rng);
      const sub = new Float32Array(rows.length * d);
      rows.forEach((r, t) => sub.set(x.data.subarray(r * d, r * d + d), t * d));
      seeding = { rows: rows.length, cols: d, data: sub };
    }
    centres = await kMeansPlusPlus(seeding, rowNorms(seeding), k, options.rng);
  }
  let next: Float64Array = new Float64Array(k * d);
  let labels: Int32Array = new Int32Array(n);
  let previous: Int32Array = new Int32Array(n).fill(-1);
  let normTotal = NaN;
  const sizes = new Int32Array(k);
  let tol = NaN;
  let iterations = 0;
  let strict = false;
  let relocated = false;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    labels = await nearestCentres(x, centres, k);
    const sums = clusterSums(x, labels, centres, k, next, sizes);
    relocated = sums.relocated;
    if (it === 0) {
      normTotal = sums.squares;
      // A non-finite value makes the sum of squares non-finite: only then look for it, to name it.
      if (!Number.isFinite(normTotal)) assertFeatureMatrix(x, 'kMeans');
      // scikit-learn's tolerance scale, the mean feature variance, from the first sums: Σ‖x‖²/(nd) − ‖mean‖²/d.
      let meanSq = 0;
      for (let p = 0; p < d; p++) {
        let col = 0;
        for (let c = 0; c < k; c++) col += next[c * d + p]!;
        meanSq += (col / n) ** 2;
      }
      tol = tolRelative * Math.max(0, normTotal / (n * d) - meanSq / d);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const size = sizes[c]!;
      for (let t = c * d, end = t + d; t < end; t++) {
        // A cluster left empty (nothing to relocate) keeps its centre.
        const v = size > 0 ? next[t]! / size : centres[t]!;
        next[t] = v;
        shift += (v - centres[t]!) ** 2;
      }
    }
    [centres, next] = [next, centres];
    let same = true;
    for (let i = 0; i < n && same; i++) same = labels[i] === previous[i];
    if (same) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
    previous = labels;
  }
  let inertia = 0;
  if (strict && !relocated) {
    // The centres are the means of the final labels: inertia = Σ‖x‖² − Σ_c n_c ‖μ_c‖².
    inertia = normTotal;
    for (let c = 0; c < k; c++) {
      let sq = 0;
      for (let t = c * d, end = t + d; t < end; t++) sq += centres[t]! ** 2;
      inertia -= sizes[c]! * sq;
    }
    inertia = Math.max(0, inertia);
  } else {
    // Labels belong to the previous centres: assign once more, then sum exactly.
    if (!strict) labels = await nearestCentres(x, centres, k);
    sizes.fill(0);
    for (let i = 0, o = 0; i < n; i++) {
      const c = labels[i]!;
      sizes[c]!++;
      for (let q = c * d, end = q + d; q < end; q++, o++) inertia += (x.data[o]! - centres[q]!) ** 2;
    }
  }
  return { centroids: { rows: k, cols: d, data: centres }, labels, sizes, inertia, iterations };
}

/** Parameters of the k-means detector. */
export interface KMeansDetectorOptions extends DetectorOptions {
  /** Clusters (default 8, as scikit-learn; capped at the number of rows). */
  readonly k?: number;
  /** A cluster with fewer than this share of the rows is small (default 0.05). */
  readonly minClusterFraction?: number;
  /** Most Lloyd iterations (default 300). */
  readonly maxIter?: number;
  /** Relative convergence tolerance (default 1e-4). */
  readonly tol?: number;
}

/** The fitted state of a {@link KMeansDetector}. */
export interface KMeansModel {
  readonly clustering: KMeansResult;
  /** 1 where a cluster is large (its rows are scored against their own centre). */
  readonly large: Uint8Array;
  /** Root-mean-square distance of each cluster's rows to its centre (the standardising scale). */
  readonly scales: Float64Array;
}

/**
 * Outliers by k-means: a row in a large cluster scores −(distance to its centre / the cluster's
 * RMS distance); a row in a small cluster (fewer than `minClusterFraction` of the rows) scores
 * −(the smallest such standardised distance to a large cluster), so small clusters far from the
 * bulk of the data are the most suspicious.
 */
export class KMeansDetector extends OutlierDetectorBase {
  readonly name = 'kmeans';
  readonly k: number;
  readonly minClusterFraction: number;
  private readonly rng: Rng;
  private readonly maxIter: number | undefined;
  private readonly tol: number | undefined;
  private fitted: KMeansModel | undefined;

  /** @throws AntidoteError `invalid_input` for a bad k, fraction or contamination. */
  constructor(options: KMeansDetectorOptions) {
    super(options.contamination);
    this.rng = options.rng;
    this.k = options.k ?? 8;
    if (!Number.isInteger(this.k) || this.k < 1) throw invalidInput(`kmeans: k must be a positive integer, got ${String(options.k)}`);
    this.minClusterFraction = options.minClusterFraction ?? 0.05;
    if (!(this.minClusterFraction >= 0 && this.minClusterFraction < 1)) {
      throw invalidInput(`kmeans: minClusterFraction must be in [0, 1), got ${String(options.minClusterFraction)}`);
    }
    this.maxIter = options.maxIter;
    this.tol = options.tol;
  }

  /** The fitted clusters, or undefined before fit. */
  get model(): KMeansModel | undefined {
    return this.fitted;
  }

  protected async learn(x: Matrix<Float32Array>): Promise<Float64Array> {
    const clustering = await kMeans(x, Math.min(this.k, x.rows), {
      rng: this.rng,
      ...(this.maxIter !== undefined && { maxIter: this.maxIter }),
      ...(this.tol !== undefined && { tol: this.tol }),
    });
    const k = clustering.centroids.rows;
    const d = x.cols;
    const large = new Uint8Array(k);
    let biggest = 0;
    for (let c = 0; c < k; c++) {
      if (clustering.sizes[c]! >= this.minClusterFraction * x.rows) large[c] = 1;
      if (clustering.sizes[c]! > clustering.sizes[biggest]!) biggest = c;
    }
    large[biggest] = 1;
    const sums = new Float64Array(k);
    const cen = clustering.centroids.data;
    let all = 0;
    for (let i = 0; i < x.rows; i++) {
      const c = clustering.labels[i]!;
      let s = 0;
      for (let p = 0; p < d; p++) s += (x.data[i * d + p]! - cen[c * d + p]!) ** 2;
      sums[c] = sums[c]! + s;
      all += s;
    }
    // A cluster of identical rows has no spread: fall back to a tiny share of the overall one.
    const floor = Math.max(Math.sqrt(all / x.rows) * 1e-6, Number.MIN_VALUE);
    const scales = new Float64Array(k);
    for (let c = 0; c < k; c++) scales[c] = Math.max(clustering.sizes[c]! > 0 ? Math.sqrt(sums[c]! / clustering.sizes[c]!) : 0, floor);
    this.fitted = { clustering, large, scales };
    return this.score(x);
  }

  protected score(x: Matrix<Float32Array>): Promise<Float64Array> {
    const { clustering, large, scales } = this.fitted!;
    const cen = clustering.centroids.data;
    const k = clustering.centroids.rows;
    const d = x.cols;
    const out = new Float64Array(x.rows);
    const dist = new Float64Array(k);
    for (let i = 0; i < x.rows; i++) {
      let own = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let p = 0; p < d; p++) s += (x.data[i * d + p]! - cen[c * d + p]!) ** 2;
        dist[c] = Math.sqrt(s);
        if (dist[c]! < dist[own]!) own = c;
      }
      let z: number;
      if (large[own]) z = dist[own]! / scales[own]!;
      else {
        z = Infinity;
        for (let c = 0; c < k; c++) if (large[c]) z = Math.min(z, dist[c]! / scales[c]!);
      }
      out[i] = -z;
    }
    return Promise.resolve(out);
  }
}

/**
 * Builds a {@link KMeansDetector} (registry factory).
 *
 * @example
 * const detector = createKMeansDetector({ rng: createRng(1), contamination: 0.05, k: 10 });
 */
export function createKMeansDetector(options: KMeansDetectorOptions): KMeansDetector {
  return new KMeansDetector(options);
}
