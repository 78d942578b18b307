// Principal component analysis by power iteration with deflation on the implicit covariance (Hotelling 1933).
import type { Matrix } from '../core/matrix.js';
import type { Rng } from '../core/rng.js';

/** The top principal directions of a data matrix and the rows projected on them. */
export interface PrincipalComponents {
  /** Column means that were subtracted. */
  readonly mean: Float64Array;
  /** `k x cols`, row-major, unit length, orthogonal. */
  readonly components: Float64Array;
  /** Variance along each component, descending. */
  readonly variances: Float64Array;
  /** `rows x k`, row-major: the centred rows times the components. */
  readonly projected: Float64Array;
}

/**
 * The top `k` principal components of `x` (rows are observations). Each component comes from power
 * iteration on Xᵀ X applied as Xᵀ(X v) — the covariance is never formed, so wide data (hashed
 * TF-IDF) costs O(rows · cols) per iteration — with deflation against the earlier components.
 * Seeded: the same `rng` state gives the same result.
 */
export function principalComponents(x: Matrix, k: number, rng: Rng, maxIter = 200, tol = 1e-9): PrincipalComponents {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= Math.max(1, rows);
  const kk = Math.min(k, cols, rows);
  const components = new Float64Array(kk * cols);
  const variances = new Float64Array(kk);
  const xv = new Float64Array(rows);
  for (let c = 0; c < kk; c++) {
    let v = new Float64Array(cols);
    for (let j = 0; j < cols; j++) v[j] = rng.normal();
    deflate(v, components, c, cols);
    normalise(v);
    let lambda = 0;
    for (let it = 0; it < maxIter; it++) {
      // xv = (X - mean) v ; w = (X - mean)ᵀ xv
      let shift = 0;
      for (let j = 0; j < cols; j++) shift += mean[j]! * v[j]!;
      for (let i = 0; i < rows; i++) {
        let s = 0;
        const o = i * cols;
        for (let j = 0; j < cols; j++) s += data[o + j]! * v[j]!;
        xv[i] = s - shift;
      }
      const w = new Float64Array(cols);
      let total = 0;
      for (let i = 0; i < rows; i++) {
        const a = xv[i]!;
        total += a;
        const o = i * cols;
        for (let j = 0; j < cols; j++) w[j]! += data[o + j]! * a;
      }
      for (let j = 0; j < cols; j++) w[j]! -= mean[j]! * total;
      deflate(w, components, c, cols);
      const norm = Math.sqrt(dot(w, w));
      if (norm === 0) break;
      for (let j = 0; j < cols; j++) w[j]! /= norm;
      const done = Math.abs(norm - lambda) <= tol * norm;
      lambda = norm;
      v = w;
      if (done) break;
    }
    components.set(v, c * cols);
    variances[c] = lambda / Math.max(1, rows - 1);
  }
  const projected = new Float64Array(rows * kk);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < kk; c++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += (data[i * cols + j]! - mean[j]!) * components[c * cols + j]!;
      projected[i * kk + c] = s;
    }
  }
  return { mean, components, variances, projected };
}

function deflate(v: Float64Array, components: Float64Array, count: number, cols: number): void {
  for (let c = 0; c < count; c++) {
    let p = 0;
    for (let j = 0; j < cols; j++) p += v[j]! * components[c * cols + j]!;
    for (let j = 0; j < cols; j++) v[j]! -= p * components[c * cols + j]!;
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function normalise(v: Float64Array): void {
  const n = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= n;
}
