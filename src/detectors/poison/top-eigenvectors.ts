/**
 * The leading eigenvectors of the scatter matrix XᵀX of a centred matrix X (the top right
 * singular vectors of X), for spectral signatures, activation clustering's PCA and SPECTRE.
 * Small widths are solved exactly (Jacobi on the d x d scatter); wider ones by seeded subspace
 * (block power) iteration with Rayleigh–Ritz (Golub & Van Loan, section 8.2.4), whose products
 * run through the kernels' matmul (onnxruntime for large inputs).
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import { matmul, matmulTransposedB } from '../../kernels/matmul.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Up to this width the d x d scatter is decomposed exactly. */
export const EXACT_EIGEN_MAX_DIM = 64;

/** Up to this width the scatter matrix is formed once; wider data is multiplied through X and Xᵀ. */
const FORM_SCATTER_MAX_DIM = 2048;

/** Eigenpairs of XᵀX: values descending, vectors row-major (row j = eigenvector j, unit length). */
export interface Eigenpairs {
  readonly values: Float64Array;
  readonly vectors: Float64Array;
}

/** Settings of {@link topEigenvectors}. */
export interface TopEigenOptions {
  /** Iteration budget of the subspace iteration (default 500). */
  readonly maxIterations?: number;
  /** Stop when every wanted Ritz pair has a residual ‖XᵀX v − λ v‖ at most this times the largest λ (default 1e-11). */
  readonly tolerance?: number;
}

/** Xᵀ as a new matrix. */
function transpose(x: Matrix<Float64Array>): Matrix<Float64Array> {
  const { rows: n, cols: d } = x;
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j * n + i] = x.data[i * d + j]!;
  return { rows: d, cols: n, data: out };
}

/** The scatter matrix XᵀX (d x d). */
export async function scatterMatrix(x: Matrix<Float64Array>): Promise<Matrix<Float64Array>> {
  return matmul(transpose(x), x);
}

/** Orthonormalises the rows of `v` (b x d) in place by modified Gram–Schmidt; a dependent row is replaced by a fresh random one. */
function orthonormaliseRows(v: Float64Array, b: number, d: number, rng: Rng): void {
  for (let i = 0; i < b; i++) {
    for (let attempt = 0; attempt < 3; attempt++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let p = 0; p < d; p++) dot += v[i * d + p]! * v[j * d + p]!;
        for (let p = 0; p < d; p++) v[i * d + p]! -= dot * v[j * d + p]!;
      }
      let norm = 0;
      for (let p = 0; p < d; p++) norm += v[i * d + p]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-12) {
        for (let p = 0; p < d; p++) v[i * d + p]! /= norm;
        break;
      }
      for (let p = 0; p < d; p++) v[i * d + p] = rng.normal();
    }
  }
}

/**
 * The top `k` eigenpairs of XᵀX for a centred X (n x d), k <= d.
 *
 * @param x centred data, n x d
 * @param rng seeds the starting block of the subspace iteration (unused for d <= {@link EXACT_EIGEN_MAX_DIM})
 * @throws AntidoteError `invalid_input` for k outside [1, d].
 */
export async function topEigenvectors(x: Matrix<Float64Array>, k: number, rng: Rng, options: TopEigenOptions = {}): Promise<Eigenpairs> {
  const d = x.cols;
  if (!Number.isInteger(k) || k < 1 || k > d) throw invalidInput(`top eigenvectors: k = ${k} must be within [1, ${d}]`);
  if (d <= EXACT_EIGEN_MAX_DIM) {
    const c = await scatterMatrix(x);
    const e = symmetricEigen(c.data, d);
    return { values: e.values.slice(0, k), vectors: e.vectors.slice(0, k * d) };
  }
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-11;
  const scatter = d <= FORM_SCATTER_MAX_DIM ? await scatterMatrix(x) : undefined;
  // Rows of the result: (X Vᵀ)ᵀ X = V XᵀX, or V C with C formed.
  const apply = async (v: Matrix<Float64Array>): Promise<Matrix<Float64Array>> =>
    scatter ? matmul(v, scatter) : matmul(transpose(await matmulTransposedB(x, v)), x);
  const b = Math.min(d, k + 8);
  const q = new Float64Array(b * d);
  for (let p = 0; p < q.length; p++) q[p] = rng.normal();
  orthonormaliseRows(q, b, d, rng);
  let values: Float64Array = new Float64Array(b);
  let ritz: Float64Array = new Float64Array(b * d);
  for (let it = 0; it < maxIterations; it++) {
    const z = await apply({ rows: b, cols: d, data: q });
    const h = await matmulTransposedB({ rows: b, cols: d, data: q }, z);
    const e = symmetricEigen(h.data, b);
    values = e.values;
    // Ritz vectors E Q, and the next block E Z (the same rotation applied after one more product).
    ritz = (await matmul({ rows: b, cols: b, data: e.vectors }, { rows: b, cols: d, data: q })).data;
    const next = (await matmul({ rows: b, cols: b, data: e.vectors }, z)).data;
    // Residual ‖C v − λ v‖ of each wanted Ritz pair (C v is the rotated product already at hand).
    let residual = 0;
    for (let j = 0; j < k; j++) {
      let r2 = 0;
      for (let p = 0; p < d; p++) r2 += (next[j * d + p]! - values[j]! * ritz[j * d + p]!) ** 2;
      residual = Math.max(residual, Math.sqrt(r2));
    }
    if (residual <= tolerance * Math.max(Math.abs(values[0]!), 1e-300)) break;
    q.set(next);
    orthonormaliseRows(q, b, d, rng);
  }
  const vectors = ritz.slice(0, k * d);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    let big = 0;
    for (let p = 0; p < d; p++) {
      norm += vectors[j * d + p]! ** 2;
      if (Math.abs(vectors[j * d + p]!) > Math.abs(vectors[j * d + big]!)) big = p;
    }
    const scale = (vectors[j * d + big]! < 0 ? -1 : 1) / Math.sqrt(norm);
    for (let p = 0; p < d; p++) vectors[j * d + p]! *= scale;
  }
  return { values: values.slice(0, k), vectors };
}
