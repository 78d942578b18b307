/**
 * Isolation forest. Liu, Ting & Zhou (2008), "Isolation Forest", ICDM: rows that random
 * axis-parallel splits isolate in few steps are anomalous. Built as scikit-learn's
 * IsolationForest: 100 trees on 256-row subsamples drawn without replacement, depth limit
 * ⌈log₂ 256⌉, a leaf adding the average path length c(size) of its unsplit rows, and
 * `score = −2^(−E[h] / c(ψ))`. Trees are flat typed arrays and scoring walks a block of rows
 * through one tree at a time, so the tree stays in cache.
 */
import type { DetectorOptions } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { sampleIndices, type Rng } from '../../core/rng.js';
import { OutlierDetectorBase } from './outlier-detector-base.js';
import { rowsFingerprint } from '../../kernels/same-rows.js';

const EULER_GAMMA = 0.5772156649015329;
/** scikit-learn's tree splitter treats a feature whose range is at most this as constant. */
const FEATURE_THRESHOLD = 1e-7;
/** Rows walked through one tree before moving to the next. */
const SCORE_BLOCK = 512;

/**
 * The average path length of an unsuccessful search in a binary search tree of n items, c(n):
 * 0 for n ≤ 1, 1 for n = 2, else 2(ln(n − 1) + γ) − 2(n − 1)/n (scikit-learn's `_average_path_length`).
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** A fitted forest in flat arrays: tree t's nodes are `[t * nodesPerTree, (t + 1) * nodesPerTree)`. */
export interface IsolationForestModel {
  readonly trees: number;
  readonly nodesPerTree: number;
  /** Split feature of each node, −1 for a leaf. */
  readonly feature: Int32Array;
  /** Split threshold: rows with value ≤ threshold go left. */
  readonly threshold: Float64Array;
  /** Absolute index of the left child; the right child follows it. */
  readonly left: Int32Array;
  /** For a leaf: its depth plus c(rows that reached it while fitting). */
  readonly pathLength: Float64Array;
  /** Rows per tree (ψ). */
  readonly maxSamples: number;
}

/** Parameters of the isolation forest. */
export interface IsolationForestOptions extends DetectorOptions {
  /** Trees (default 100). */
  readonly nEstimators?: number;
  /** Rows drawn for each tree (default 256, capped at the number of rows). */
  readonly maxSamples?: number;
}

/** Grows one isolation tree into the forest's arrays at node offset `base`. */
function growTree(x: Matrix<Float32Array>, rows: Uint32Array, maxDepth: number, rng: Rng, m: IsolationForestModel, base: number): void {
  const d = x.cols;
  const psi = rows.length;
  // The tree's rows, copied together so splitting touches a small contiguous block.
  const local = new Float32Array(psi * d);
  for (let i = 0; i < psi; i++) local.set(x.data.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  const order = new Int32Array(psi);
  for (let i = 0; i < psi; i++) order[i] = i;
  const features = new Int32Array(d);
  let next = base + 1;
  // Stack of (node, start, end, depth).
  const stack: number[] = [base, 0, psi, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    const size = end - start;
    let feature = -1;
    let lo = 0;
    let hi = 0;
    if (size > 1 && depth < maxDepth) {
      // Draw features without replacement until one is not constant on this node's rows.
      for (let f = 0; f < d; f++) features[f] = f;
      for (let remaining = d; remaining > 0 && feature < 0; remaining--) {
        const pick = rng.nextInt(remaining);
        const f = features[pick]!;
        features[pick] = features[remaining - 1]!;
        lo = Infinity;
        hi = -Infinity;
        for (let i = start; i < end; i++) {
          const v = local[order[i]! * d + f]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        if (hi > lo + FEATURE_THRESHOLD) feature = f;
      }
    }
    if (feature < 0) {
      m.feature[node] = -1;
      m.pathLength[node] = depth + averagePathLength(size);
      continue;
    }
    let t = lo + rng.next() * (hi - lo);
    if (t >= hi) t = lo;
    // Partition order[start, end) into ≤ t | > t.
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (local[order[i]! * d + feature]! <= t) i++;
      else {
        const tmp = order[i]!;
        order[i] = order[j]!;
        order[j] = tmp;
        j--;
      }
    }
    m.feature[node] = feature;
    m.threshold[node] = t;
    m.left[node] = next;
    stack.push(next, start, i, depth + 1, next + 1, i, end, depth + 1);
    next += 2;
  }
}

/**
 * Isolation forest outlier detector: `scoreSamples` is scikit-learn's `score_samples`,
 * −2^(−mean path length / c(ψ)), in (−1, 0); lower is more anomalous.
 */
export class IsolationForest extends OutlierDetectorBase {
  readonly name = 'isolation-forest';
  readonly nEstimators: number;
  readonly maxSamples: number;
  private readonly rng: Rng;
  private fitted: IsolationForestModel | undefined;
  /** The fit rows' scores, reused when the same, unchanged array is scored again (fit then score is the common call). */
  private fitScores: { readonly data: Float32Array; readonly fingerprint: string; readonly scores: Float64Array } | undefined;

  /** @throws AntidoteError `invalid_input` for a bad tree count, sample size or contamination. */
  constructor(options: IsolationForestOptions) {
    super(options.contamination);
    this.rng = options.rng;
    this.nEstimators = options.nEstimators ?? 100;
    this.maxSamples = options.maxSamples ?? 256;
    if (!Number.isInteger(this.nEstimators) || this.nEstimators < 1) {
      throw invalidInput(`isolation-forest: nEstimators must be a positive integer, got ${String(options.nEstimators)}`);
    }
    if (!Number.isInteger(this.maxSamples) || this.maxSamples < 2) {
      throw invalidInput(`isolation-forest: maxSamples must be an integer of at least 2, got ${String(options.maxSamples)}`);
    }
  }

  /** The fitted trees, or undefined before fit. */
  get model(): IsolationForestModel | undefined {
    return this.fitted;
  }

  protected learn(x: Matrix<Float32Array>): Promise<Float64Array> {
    const psi = Math.min(this.maxSamples, x.rows);
    const maxDepth = Math.ceil(Math.log2(Math.max(psi, 2)));
    const nodesPerTree = 2 ** (maxDepth + 1) - 1;
    const size = this.nEstimators * nodesPerTree;
    const model: IsolationForestModel = {
      trees: this.nEstimators,
      nodesPerTree,
      feature: new Int32Array(size),
      threshold: new Float64Array(size),
      left: new Int32Array(size),
      pathLength: new Float64Array(size),
      maxSamples: psi,
    };
    for (let t = 0; t < this.nEstimators; t++) growTree(x, sampleIndices(x.rows, psi, this.rng), maxDepth, this.rng, model, t * nodesPerTree);
    this.fitted = model;
    const scores = isolationScores(model, x);
    this.fitScores = { data: x.data, fingerprint: rowsFingerprint(x), scores };
    return Promise.resolve(Float64Array.from(scores));
  }

  protected score(x: Matrix<Float32Array>): Promise<Float64Array> {
    const cached = this.fitScores;
    if (cached && cached.data === x.data && cached.fingerprint === rowsFingerprint(x)) return Promise.resolve(Float64Array.from(cached.scores));
    return Promise.resolve(isolationScores(this.fitted!, x));
  }
}

/**
 * `score_samples` of a fitted forest for every row of `x`: −2^(−mean path length / c(ψ)).
 * Rows are walked in blocks through one tree at a time (row-major data, flat trees).
 */
export function isolationScores(m: IsolationForestModel, x: Matrix<Float32Array>): Float64Array {
  const { rows: n, cols: d, data } = x;
  const { feature, threshold, left, pathLength, nodesPerTree, trees } = m;
  const total = new Float64Array(n);
  for (let r0 = 0; r0 < n; r0 += SCORE_BLOCK) {
    const r1 = Math.min(n, r0 + SCORE_BLOCK);
    for (let t = 0, root = 0; t < trees; t++, root += nodesPerTree) {
      for (let r = r0, o = r0 * d; r < r1; r++, o += d) {
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          node = data[o + f]! <= threshold[node]! ? left[node]! : left[node]! + 1;
          f = feature[node]!;
        }
        total[r] = total[r]! + pathLength[node]!;
      }
    }
  }
  const norm = trees * averagePathLength(m.maxSamples);
  for (let r = 0; r < n; r++) total[r] = -(2 ** (-total[r]! / norm));
  return total;
}

/**
 * Builds an {@link IsolationForest} (registry factory).
 *
 * @example
 * const forest = createIsolationForest({ rng: createRng(1), contamination: 0.01 });
 */
export function createIsolationForest(options: IsolationForestOptions): IsolationForest {
  return new IsolationForest(options);
}
