/**
 * A robust mean and covariance in the manner of the minimum covariance determinant (Rousseeuw
 * 1984), computed with FastMCD's concentration steps (Rousseeuw & Van Driessen 1999): from a few
 * starts, repeatedly keep the h rows closest in Mahalanobis distance and re-estimate, keep the
 * subset of least determinant, correct for consistency and reweight. The starts are the classical
 * estimate, a deterministic one in the spirit of DetMCD (Hubert, Rousseeuw & Verdonck 2012: the h
 * rows nearest the coordinate-wise median, each coordinate scaled by its MAD) and a few seeded
 * random (p + 1)-subsets. Simplified: one generation of starts, no nested subsampling for large n.
 */
import type { Matrix } from '../../core/matrix.js';
import { sampleIndices, type Rng } from '../../core/rng.js';
import { chiSquareQuantile } from '../../stats/chi-square-distribution.js';

/** A robust location and scatter. */
export interface RobustEstimate {
  /** Location, p values. */
  readonly mean: Float64Array;
  /** Scatter, row-major p x p. */
  readonly covariance: Float64Array;
  /** 1 for the rows kept by the final reweighting. */
  readonly support: Uint8Array;
}

/** Settings of {@link robustCovariance}. */
export interface RobustCovarianceOptions {
  /** Share of rows the determinant is minimised over (default 0.5, the most robust: (n + p + 1) / 2 rows at least). */
  readonly supportFraction?: number;
  /** Random starts besides the classical estimate (default 4). */
  readonly starts?: number;
  /** Concentration steps per start at most (default 30). */
  readonly maxSteps?: number;
}

/** Mean and covariance (divided by the count) of the rows with `keep[i]`. */
function meanCov(z: Matrix<Float64Array>, keep: ArrayLike<number>): { mean: Float64Array; cov: Float64Array } {
  const { rows: n, cols: p, data } = z;
  const mean = new Float64Array(p);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    count++;
    for (let j = 0; j < p; j++) mean[j]! += data[i * p + j]!;
  }
  for (let j = 0; j < p; j++) mean[j]! /= Math.max(1, count);
  const cov = new Float64Array(p * p);
  const t = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    for (let j = 0; j < p; j++) t[j] = data[i * p + j]! - mean[j]!;
    for (let a = 0; a < p; a++) for (let b = a; b < p; b++) cov[a * p + b]! += t[a]! * t[b]!;
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      cov[a * p + b]! /= Math.max(1, count);
      cov[b * p + a] = cov[a * p + b]!;
    }
  }
  return { mean, cov };
}

/**
 * Cholesky factor of a covariance (lower, row-major), with a small ridge added when it is not
 * positive definite (a degenerate subset), and the log-determinant.
 */
function cholesky(cov: Float64Array, p: number): { l: Float64Array; logDet: number } {
  let trace = 0;
  for (let j = 0; j < p; j++) trace += cov[j * p + j]!;
  let ridge = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const l = new Float64Array(p * p);
    let ok = true;
    let logDet = 0;
    for (let i = 0; i < p && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = cov[i * p + j]! + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          l[i * p + i] = Math.sqrt(s);
          logDet += Math.log(s);
        } else {
          l[i * p + j] = s / l[j * p + j]!;
        }
      }
    }
    if (ok) return { l, logDet };
    ridge = ridge === 0 ? Math.max(1e-12, 1e-10 * (trace / p || 1)) : ridge * 100;
  }
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) l[j * p + j] = 1;
  return { l, logDet: 0 };
}

/** Squared Mahalanobis distance of every row from `mean` under the Cholesky factor `l`. */
function mahalanobis(z: Matrix<Float64Array>, mean: Float64Array, l: Float64Array): Float64Array {
  const { rows: n, cols: p, data } = z;
  const out = new Float64Array(n);
  const y = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let a = 0; a < p; a++) {
      let v = data[i * p + a]! - mean[a]!;
      for (let b = 0; b < a; b++) v -= l[a * p + b]! * y[b]!;
      y[a] = v / l[a * p + a]!;
      s += y[a]! * y[a]!;
    }
    out[i] = s;
  }
  return out;
}

/** The h rows of smallest distance (ties by index). */
function closest(d2: Float64Array, h: number): Uint8Array {
  const order = Array.from(d2.keys()).sort((a, b) => d2[a]! - d2[b]! || a - b);
  const keep = new Uint8Array(d2.length);
  for (let r = 0; r < h; r++) keep[order[r]!] = 1;
  return keep;
}

function sameSubset(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/** The h rows nearest the coordinate-wise median, every coordinate divided by its MAD (or 1). */
function medianStart(z: Matrix<Float64Array>, h: number): Uint8Array {
  const { rows: n, cols: p, data } = z;
  const centre = new Float64Array(p);
  const scale = new Float64Array(p);
  const column = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) column[i] = data[i * p + j]!;
    centre[j] = median(column);
    for (let i = 0; i < n; i++) column[i] = Math.abs(data[i * p + j]! - centre[j]!);
    const mad = median(column);
    scale[j] = mad > 0 ? mad : 1;
  }
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += ((data[i * p + j]! - centre[j]!) / scale[j]!) ** 2;
    d2[i] = s;
  }
  return closest(d2, h);
}

/**
 * Robust location and scatter of the rows of `z` (n x p).
 *
 * @param rng draws the random starting subsets
 */
export function robustCovariance(z: Matrix<Float64Array>, rng: Rng, options: RobustCovarianceOptions = {}): RobustEstimate {
  const { rows: n, cols: p } = z;
  const fraction = options.supportFraction ?? 0.5;
  const starts = options.starts ?? 4;
  const maxSteps = options.maxSteps ?? 30;
  const all = new Uint8Array(n).fill(1);
  if (n <= p + 1) {
    const { mean, cov } = meanCov(z, all);
    return { mean, covariance: cov, support: all };
  }
  const h = Math.min(n, Math.max(Math.floor((n + p + 1) / 2), Math.ceil(fraction * n)));
  const initial: Uint8Array[] = [all, medianStart(z, h)];
  for (let s = 0; s < starts; s++) {
    const keep = new Uint8Array(n);
    for (const i of sampleIndices(n, p + 1, rng)) keep[i] = 1;
    initial.push(keep);
  }
  let best: { mean: Float64Array; cov: Float64Array; logDet: number } | undefined;
  for (const start of initial) {
    let keep = start;
    let { mean, cov } = meanCov(z, keep);
    let logDet = Infinity;
    for (let step = 0; step < maxSteps; step++) {
      const chol = cholesky(cov, p);
      const next = closest(mahalanobis(z, mean, chol.l), h);
      if (step > 0 && sameSubset(next, keep)) break;
      keep = next;
      ({ mean, cov } = meanCov(z, keep));
      logDet = cholesky(cov, p).logDet;
    }
    if (!best || logDet < best.logDet) best = { mean, cov, logDet };
  }
  const raw = best!;
  // Consistency: scale so that the median distance matches the chi-square median (as scikit-learn's MinCovDet).
  const rawD2 = mahalanobis(z, raw.mean, cholesky(raw.cov, p).l);
  const factor = median(rawD2) / chiSquareQuantile(0.5, p);
  const corrected = raw.cov.map((v) => v * (factor > 0 ? factor : 1));
  const d2 = mahalanobis(z, raw.mean, cholesky(corrected, p).l);
  const cut = chiSquareQuantile(0.975, p);
  const support = Uint8Array.from(d2, (v) => (v <= cut ? 1 : 0));
  let kept = 0;
  for (const v of support) kept += v;
  if (kept <= p) return { mean: raw.mean, covariance: corrected, support };
  const { mean, cov } = meanCov(z, support);
  return { mean, covariance: cov, support };
}
