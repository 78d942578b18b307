/**
 * Minimum covariance determinant by FastMCD. Rousseeuw & Van Driessen (1999), "A Fast Algorithm
 * for the Minimum Covariance Determinant Estimator", Technometrics 41(3): random h-subsets
 * refined by C-steps (each never increases the determinant), the best few carried from small
 * subsets to a merged one and then to the full data, followed, as scikit-learn's MinCovDet does,
 * by the consistency correction and one reweighting step at the 97.5% chi-square quantile.
 * (Large data is split into at most five subsets of 300 rows, as in the paper; scikit-learn
 * uses every 300-row subset.)
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { permutation, sampleIndices, type Rng } from '../../core/rng.js';
import { matmul, quantiles, quickselect } from '../../kernels/index.js';
import { chiSquareQuantile } from '../../stats/index.js';
import { cholesky, inverseTransposedFactor, logDeterminant } from './cholesky.js';

/** Options of {@link minimumCovarianceDeterminant}. */
export interface McdOptions {
  /** Seeded randomness for the initial subsets. */
  readonly rng: Rng;
  /** Share of rows in the raw support, in (0, 1]; default the most robust, (n + p + 1) / 2 rows. */
  readonly supportFraction?: number;
}

/** A robust location and covariance (scikit-learn's MinCovDet attributes). */
export interface McdResult {
  /** Reweighted location (`location_`). */
  readonly location: Float64Array;
  /** Reweighted covariance, p x p row-major (`covariance_`). */
  readonly covariance: Float64Array;
  /** Raw MCD location and covariance, before correction and reweighting (`raw_location_`, `raw_covariance_`). */
  readonly rawLocation: Float64Array;
  readonly rawCovariance: Float64Array;
  /** 1 for the rows of the raw h-subset (`raw_support_`) and of the reweighted one (`support_`). */
  readonly rawSupport: Uint8Array;
  readonly support: Uint8Array;
  /** Squared Mahalanobis distances of the fit rows under the final estimate (`dist_`). */
  readonly distances: Float64Array;
}

interface Estimate {
  readonly location: Float64Array;
  readonly covariance: Float64Array;
  readonly logDet: number;
  readonly support: Uint32Array;
  readonly dist: Float64Array;
}

/** Rows of `x` taken by index, as a new matrix. */
function takeRows(x: Matrix<Float32Array>, rows: ArrayLike<number>): Matrix<Float32Array> {
  const d = x.cols;
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(x.data.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return { rows: rows.length, cols: d, data: out };
}

/** Mean and biased covariance (divided by the count, as `empirical_covariance`) of the given rows. */
function meanAndCovariance(x: Matrix<Float32Array>, rows: ArrayLike<number>): { location: Float64Array; covariance: Float64Array } {
  const p = x.cols;
  const h = rows.length;
  const location = new Float64Array(p);
  for (let t = 0; t < h; t++) {
    const o = rows[t]! * p;
    for (let j = 0; j < p; j++) location[j] = location[j]! + x.data[o + j]!;
  }
  for (let j = 0; j < p; j++) location[j] = location[j]! / h;
  const covariance = new Float64Array(p * p);
  const c = new Float64Array(p);
  for (let t = 0; t < h; t++) {
    const o = rows[t]! * p;
    for (let j = 0; j < p; j++) c[j] = x.data[o + j]! - location[j]!;
    for (let i = 0; i < p; i++) {
      const ci = c[i]!;
      for (let j = 0; j <= i; j++) covariance[i * p + j] = covariance[i * p + j]! + ci * c[j]!;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const v = covariance[i * p + j]! / h;
      covariance[i * p + j] = v;
      covariance[j * p + i] = v;
    }
  }
  return { location, covariance };
}

/** log det of a covariance, −Infinity when it is singular. */
function logDetOf(covariance: Float64Array, p: number): number {
  const l = cholesky(covariance, p);
  return l ? logDeterminant(l, p) : -Infinity;
}

/**
 * Squared Mahalanobis distances of every row of `x` from `location` under `covariance`
 * (`(x − μ)ᵀ Σ⁻¹ (x − μ)`), through the matrix product in double precision. A singular
 * covariance gets a ridge of 1e-9 times its mean variance, so directions without spread give
 * very large distances instead of failing.
 *
 * @throws AntidoteError `invalid_input` when the shapes disagree.
 */
export async function mahalanobisSquared(x: Matrix<Float32Array>, location: Float64Array, covariance: Float64Array): Promise<Float64Array> {
  const p = x.cols;
  if (location.length !== p || covariance.length !== p * p) {
    throw invalidInput(`mahalanobisSquared: x has ${p} columns but location has ${location.length} values and covariance ${covariance.length} (expected ${p * p})`);
  }
  let l = cholesky(covariance, p);
  if (!l) {
    let trace = 0;
    for (let i = 0; i < p; i++) trace += covariance[i * p + i]!;
    const ridge = Math.max((1e-9 * trace) / p, 1e-300);
    const c = Float64Array.from(covariance);
    for (let i = 0; i < p; i++) c[i * p + i] = c[i * p + i]! + ridge;
    l = cholesky(c, p) ?? cholesky(Float64Array.from({ length: p * p }, (_, t) => (t % (p + 1) === 0 ? 1 : 0)), p)!;
  }
  const w = { rows: p, cols: p, data: inverseTransposedFactor(l, p) };
  const out = new Float64Array(x.rows);
  const chunk = 65_536;
  for (let r0 = 0; r0 < x.rows; r0 += chunk) {
    const rows = Math.min(chunk, x.rows - r0);
    const centred = new Float64Array(rows * p);
    for (let i = 0; i < rows; i++) {
      const o = (r0 + i) * p;
      for (let j = 0; j < p; j++) centred[i * p + j] = x.data[o + j]! - location[j]!;
    }
    const z = (await matmul({ rows, cols: p, data: centred }, w)).data;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = i * p, end = j + p; j < end; j++) s += z[j]! * z[j]!;
      out[r0 + i] = s;
    }
  }
  return out;
}

/** The h rows with the smallest distances (ties by lower row number), in ascending row order. */
function smallest(dist: Float64Array, h: number): Uint32Array {
  const n = dist.length;
  if (h >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const threshold = quickselect(Float64Array.from(dist), h - 1);
  const out = new Uint32Array(h);
  let t = 0;
  for (let i = 0; i < n; i++) if (dist[i]! < threshold) out[t++] = i;
  for (let i = 0; i < n && t < h; i++) if (dist[i] === threshold) out[t++] = i;
  return out;
}

function allClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/** C-steps from a random h-subset or from an estimate, as scikit-learn's `_c_step`. */
async function cStep(x: Matrix<Float32Array>, h: number, iterations: number, rng: Rng, initial?: { location: Float64Array; covariance: Float64Array }): Promise<Estimate> {
  const p = x.cols;
  let support = initial ? smallest(await mahalanobisSquared(x, initial.location, initial.covariance), h) : sampleIndices(x.rows, h, rng);
  let { location, covariance } = meanAndCovariance(x, support);
  let logDet = logDetOf(covariance, p);
  let previous: Estimate | undefined;
  let remaining = iterations;
  while (previous === undefined || (logDet < previous.logDet && remaining > 0 && Number.isFinite(logDet))) {
    if (!Number.isFinite(logDet) || remaining <= 0) break;
    const dist = await mahalanobisSquared(x, location, covariance);
    previous = { location, covariance, logDet, support, dist };
    support = smallest(dist, h);
    ({ location, covariance } = meanAndCovariance(x, support));
    logDet = logDetOf(covariance, p);
    remaining--;
  }
  const current: Estimate = { location, covariance, logDet, support, dist: await mahalanobisSquared(x, location, covariance) };
  if (previous && remaining > 0 && Number.isFinite(logDet) && logDet > previous.logDet && !allClose(logDet, previous.logDet)) return previous;
  return current;
}

/** C-steps from each start; the `select` estimates with the smallest determinants (scikit-learn's `select_candidates`). */
async function selectCandidates(
  x: Matrix<Float32Array>,
  h: number,
  starts: number | readonly Estimate[],
  select: number,
  iterations: number,
  rng: Rng,
): Promise<Estimate[]> {
  const all: Estimate[] = [];
  if (typeof starts === 'number') for (let t = 0; t < starts; t++) all.push(await cStep(x, h, iterations, rng));
  else for (const s of starts) all.push(await cStep(x, h, iterations, rng, s));
  return all
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.logDet - b.e.logDet || a.i - b.i)
    .slice(0, select)
    .map((t) => t.e);
}

/** The exact univariate MCD: the h contiguous sorted values of least spread. */
function univariateMcd(x: Matrix<Float32Array>, h: number): Estimate {
  const n = x.rows;
  const values = Float64Array.from(x.data);
  const sorted = Float64Array.from(values).sort();
  let location: number;
  let support: Uint32Array;
  if (h < n) {
    let best = Infinity;
    for (let i = 0; i + h < n; i++) best = Math.min(best, sorted[i + h]! - sorted[i]!);
    let sum = 0;
    let count = 0;
    for (let i = 0; i + h < n; i++) {
      if (sorted[i + h]! - sorted[i]! === best) {
        sum += 0.5 * (sorted[i + h]! + sorted[i]!);
        count++;
      }
    }
    location = sum / count;
    support = smallest(values.map((v) => Math.abs(v - location)), h);
  } else {
    location = values.reduce((s, v) => s + v, 0) / n;
    support = Uint32Array.from({ length: n }, (_, i) => i);
  }
  let mean = 0;
  for (const i of support) mean += values[i]!;
  mean /= support.length;
  let variance = 0;
  for (const i of support) variance += (values[i]! - mean) ** 2;
  variance /= support.length;
  const dist = values.map((v) => (v - location) ** 2 / variance);
  return { location: Float64Array.of(location), covariance: Float64Array.of(variance), logDet: Math.log(variance), support, dist };
}

/** FastMCD's raw estimate (scikit-learn's `fast_mcd`, with at most five subsets of 300 rows). */
async function fastMcd(x: Matrix<Float32Array>, h: number, rng: Rng): Promise<Estimate> {
  const { rows: n, cols: p } = x;
  if (p === 1) return univariateMcd(x, h);
  if (n <= 500) {
    const best = await selectCandidates(x, h, 30, 10, 2, rng);
    return (await selectCandidates(x, h, best, 1, 30, rng))[0]!;
  }
  const subsets = Math.min(5, Math.floor(n / 300));
  const perSubset = Math.min(300, Math.floor(n / subsets));
  const shuffled = permutation(n, rng);
  const hSubset = Math.ceil(perSubset * (h / n));
  const trials = Math.max(10, Math.floor(500 / subsets));
  const candidates: Estimate[] = [];
  for (let s = 0; s < subsets; s++) {
    const sub = takeRows(x, shuffled.subarray(s * perSubset, (s + 1) * perSubset));
    candidates.push(...(await selectCandidates(sub, hSubset, trials, 10, 2, rng)));
  }
  const merged = Math.min(1500, n);
  const hMerged = Math.ceil(merged * (h / n));
  const selection = permutation(n, rng).subarray(0, merged);
  const mergedRows = takeRows(x, selection);
  const bestMerged = await selectCandidates(mergedRows, hMerged, candidates, n > 1500 ? 10 : 1, 30, rng);
  if (n < 1500) {
    // The merged set is every row (in shuffled order): map its support back to row numbers.
    const e = bestMerged[0]!;
    const dist = new Float64Array(n);
    selection.forEach((row, t) => (dist[row] = e.dist[t]!));
    const support = Uint32Array.from(e.support, (t) => selection[t]!).sort();
    return { ...e, support, dist };
  }
  return (await selectCandidates(x, h, bestMerged, 1, 30, rng))[0]!;
}

function mask(n: number, rows: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(n);
  for (let t = 0; t < rows.length; t++) m[rows[t]!] = 1;
  return m;
}

/**
 * The minimum covariance determinant estimate of location and scatter (scikit-learn's
 * `MinCovDet().fit(x)`): FastMCD's raw estimate, the consistency correction of its distances
 * (median / χ²_p(0.5)), then the mean and covariance of the rows within the 97.5% χ²_p quantile.
 *
 * @param x n x p, finite, n > p + 1
 * @throws AntidoteError `invalid_input` for too few rows or a support fraction outside (0, 1].
 *
 * @example
 * const { location, covariance } = await minimumCovarianceDeterminant(x, { rng: createRng(0) });
 */
export async function minimumCovarianceDeterminant(x: Matrix<Float32Array>, options: McdOptions): Promise<McdResult> {
  const { rows: n, cols: p } = x;
  if (n < p + 2) throw invalidInput(`minimum covariance determinant: ${n} rows for ${p} columns; at least columns + 2 = ${p + 2} rows are needed`);
  const f = options.supportFraction;
  if (f !== undefined && !(f > 0 && f <= 1)) throw invalidInput(`minimum covariance determinant: supportFraction must be in (0, 1], got ${f}`);
  const h = f === undefined ? Math.ceil(0.5 * (n + p + 1)) : Math.max(1, Math.floor(f * n));
  const raw = await fastMcd(x, h, options.rng);
  const correction = quantiles(raw.dist, [0.5])[0]! / chiSquareQuantile(0.5, p);
  const cutoff = chiSquareQuantile(0.975, p);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (raw.dist[i]! / correction < cutoff) kept.push(i);
  // With no spread left to correct (an exact fit), keep the raw support.
  const reweightRows = kept.length > p ? kept : Array.from(raw.support);
  const { location, covariance } = meanAndCovariance(x, reweightRows);
  return {
    location,
    covariance,
    rawLocation: raw.location,
    rawCovariance: raw.covariance,
    rawSupport: mask(n, raw.support),
    support: mask(n, reweightRows),
    distances: await mahalanobisSquared(x, location, covariance),
  };
}
