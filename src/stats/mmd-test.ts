/**
 * The kernel two-sample test with the unbiased maximum mean discrepancy (Gretton, Borgwardt,
 * Rasch, Schölkopf & Smola 2012, "A kernel two-sample test", JMLR 13, eq. 3 and section 6): a
 * Gaussian RBF kernel, the median-distance bandwidth heuristic, and a permutation p-value.
 */
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { type Rng, permutation } from '../core/rng.js';
import { orderStatistics } from './order-statistics.js';
import { checkInteger } from './sample-validation.js';
import type { TestResult } from './test-result.js';

/** Options of {@link mmdTest}. */
export interface MmdTestOptions {
  /** The seeded generator for the permutations (required: results must be reproducible). */
  readonly rng: Rng;
  /** Number of random relabellings (default 500). */
  readonly permutations?: number;
  /**
   * The kernel width sigma in k(x, y) = exp(-|x - y|^2 / (2 sigma^2)), or 'median' (default): the
   * median Euclidean distance between all pairs of the pooled rows.
   */
  readonly bandwidth?: number | 'median';
}

/** The result of {@link mmdTest}. */
export interface MmdTestResult extends TestResult {
  /** The unbiased estimate MMD^2_u (can be slightly negative when the samples agree). */
  readonly statistic: number;
  /** (1 + #{permuted MMD^2_u >= observed}) / (1 + permutations). */
  readonly pValue: number;
  /** sqrt(max(0, MMD^2_u)): the distance between the kernel mean embeddings. */
  readonly effectSize: number;
  /** The sigma actually used. */
  readonly bandwidth: number;
  readonly permutations: number;
}

function checkMatrix(name: string, m: Matrix): void {
  if (m.rows < 2) throw new AntidoteError('invalid_input', `${name} has ${m.rows} rows; the unbiased MMD needs at least 2`);
  if (m.cols < 1) throw new AntidoteError('invalid_input', `${name} has no columns`);
  if (m.data.length !== m.rows * m.cols) {
    throw new AntidoteError('invalid_input', `${name}.data has ${m.data.length} values for ${m.rows} x ${m.cols}`);
  }
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!)) {
      throw new AntidoteError('invalid_input', `${name}[${Math.floor(i / m.cols)}][${i % m.cols}] is ${m.data[i]}; values must be finite`);
    }
  }
}

/** The pooled rows' squared Euclidean distances, N x N row-major. */
function squaredDistances(X: Matrix, Y: Matrix): Float64Array {
  const n = X.rows + Y.rows;
  const d = X.cols;
  const rowOf = (i: number): Float32Array | Float64Array => (i < X.rows ? X.data.subarray(i * d, (i + 1) * d) : Y.data.subarray((i - X.rows) * d, (i - X.rows + 1) * d));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = rowOf(i);
    for (let j = i + 1; j < n; j++) {
      const b = rowOf(j);
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = a[k]! - b[k]!;
        s += t * t;
      }
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * The median heuristic bandwidth: the median (numpy's: mean of the two middle values for an even
 * count) of the Euclidean distances between all pairs i < j of the pooled rows of X and Y.
 *
 * @example
 * medianBandwidth(asMatrix(Float64Array.of(0, 1), 2, 1), asMatrix(Float64Array.of(3, 7), 2, 1)); // 3.5: distances 1, 2, 3, 4, 6, 7
 */
export function medianBandwidth(X: Matrix, Y: Matrix): number {
  checkMatrix('X', X);
  checkMatrix('Y', Y);
  if (X.cols !== Y.cols) throw new AntidoteError('invalid_input', `X has ${X.cols} columns and Y has ${Y.cols}; they must match`);
  return medianOf(squaredDistances(X, Y), X.rows + Y.rows);
}

function medianOf(d2: Float64Array, n: number): number {
  const pairs = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs[p++] = Math.sqrt(d2[i * n + j]!);
  const m = pairs.length;
  if (m % 2 === 1) return orderStatistics(pairs, [(m - 1) / 2])[0]!;
  const [a, b] = orderStatistics(pairs, [m / 2 - 1, m / 2]);
  return (a! + b!) / 2;
}

/**
 * MMD^2_u for a labelling given by `members`, the `size` pooled-row indices of the smaller group
 * (the first sample when `first`), from the kernel matrix K (zero diagonal), its row sums and
 * their total T. Only the smaller group's block is summed: with S its within-group sum and R its
 * row-sum total, the cross sum is R - S and the other group's within sum is T - 2R + S.
 */
function mmd2(K: Float64Array, n: number, rowSums: Float64Array, total: number, members: Uint32Array, size: number, m1: number, first: boolean): number {
  let within = 0;
  let rowTotal = 0;
  for (let a = 0; a < size; a++) {
    const i = members[a]!;
    rowTotal += rowSums[i]!;
    const base = i * n;
    for (let b = 0; b < size; b++) within += K[base + members[b]!]!;
  }
  const cross = rowTotal - within;
  const other = total - 2 * rowTotal + within;
  const m2 = n - m1;
  const sxx = first ? within : other;
  const syy = first ? other : within;
  return sxx / (m1 * (m1 - 1)) + syy / (m2 * (m2 - 1)) - (2 * cross) / (m1 * m2);
}

/**
 * Kernel two-sample test: do the rows of X and of Y come from the same distribution? Statistic
 * MMD^2_u with the Gaussian kernel exp(-|x - y|^2 / (2 sigma^2)) (sigma by the median heuristic
 * on the pooled rows unless given); p-value by `permutations` random relabellings of the pooled
 * rows, (1 + #{MMD^2_u(perm) >= observed}) / (1 + permutations). Deterministic for a given `rng`
 * state. The N x N kernel matrix (N = rows of X + rows of Y) is built once, in O(N^2 d) time and
 * 8 N^2 bytes; each permutation then costs O(min(m, n)^2).
 *
 * @example
 * const r = mmdTest(reference, batch, { rng: createRng(7), permutations: 200 });
 * if (r.pValue < 0.01) console.log(`embeddings shifted (MMD = ${r.effectSize.toFixed(3)})`);
 */
export function mmdTest(X: Matrix, Y: Matrix, options: MmdTestOptions): MmdTestResult {
  checkMatrix('X', X);
  checkMatrix('Y', Y);
  if (X.cols !== Y.cols) throw new AntidoteError('invalid_input', `X has ${X.cols} columns and Y has ${Y.cols}; they must match`);
  const permutations = options.permutations ?? 500;
  checkInteger('permutations', permutations, 1);
  const bw = options.bandwidth ?? 'median';
  if (bw !== 'median' && !(typeof bw === 'number' && bw > 0 && Number.isFinite(bw))) {
    throw new AntidoteError('invalid_input', `bandwidth is ${String(bw)}; use a positive number or 'median'`);
  }
  const n = X.rows + Y.rows;
  const K = squaredDistances(X, Y);
  const sigma = bw === 'median' ? medianOf(K, n) : bw;
  if (!(sigma > 0)) throw new AntidoteError('invalid_input', 'the median pairwise distance is 0 (most rows coincide); pass an explicit bandwidth');
  const scale = -1 / (2 * sigma * sigma);
  const rowSums = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const v = i === j ? 0 : Math.exp(K[i * n + j]! * scale);
      K[i * n + j] = v;
      s += v;
    }
    rowSums[i] = s;
    total += s;
  }
  const m1 = X.rows;
  const first = m1 <= Y.rows;
  const size = first ? m1 : Y.rows;
  const members = new Uint32Array(size);
  for (let a = 0; a < size; a++) members[a] = first ? a : m1 + a;
  const observed = mmd2(K, n, rowSums, total, members, size, m1, first);

  const perm = new Uint32Array(n);
  let exceed = 0;
  for (let t = 0; t < permutations; t++) {
    permutation(n, options.rng, perm);
    // The first m1 positions of the shuffled order form the first sample.
    for (let a = 0; a < size; a++) members[a] = first ? perm[a]! : perm[m1 + a]!;
    if (mmd2(K, n, rowSums, total, members, size, m1, first) >= observed) exceed++;
  }
  return {
    statistic: observed,
    pValue: (exceed + 1) / (permutations + 1),
    effectSize: Math.sqrt(Math.max(0, observed)),
    bandwidth: sigma,
    permutations,
  };
}
