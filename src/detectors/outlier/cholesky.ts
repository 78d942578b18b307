/**
 * Cholesky factorisation of small symmetric positive-definite matrices (p x p, double
 * precision, row-major), with the log-determinant and the inverse factor that robust covariance
 * estimation needs. (A numeric kernel by nature; it lives here until the kernels layer offers
 * dense linear algebra.)
 */

/**
 * The lower-triangular L with `a = L · Lᵀ`, or undefined when `a` is not numerically positive
 * definite (a pivot at or below `1e-12` times the largest diagonal entry).
 *
 * @param a p x p symmetric, row-major (only the lower triangle is read)
 * @param p the order
 */
export function cholesky(a: Float64Array, p: number): Float64Array | undefined {
  const l = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i]!));
  const tiny = 1e-12 * maxDiag;
  for (let j = 0; j < p; j++) {
    let s = a[j * p + j]!;
    for (let t = 0; t < j; t++) s -= l[j * p + t]! ** 2;
    if (!(s > tiny)) return undefined;
    const ljj = Math.sqrt(s);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let v = a[i * p + j]!;
      for (let t = 0; t < j; t++) v -= l[i * p + t]! * l[j * p + t]!;
      l[i * p + j] = v / ljj;
    }
  }
  return l;
}

/** log det(a) from its Cholesky factor: 2 Σ log L_ii. */
export function logDeterminant(l: Float64Array, p: number): number {
  let s = 0;
  for (let i = 0; i < p; i++) s += Math.log(l[i * p + i]!);
  return 2 * s;
}

/**
 * `W = L⁻ᵀ` (upper triangular, p x p row-major), so that for a centred row z, `‖z · W‖²` is
 * `zᵀ a⁻¹ z`, the squared Mahalanobis distance.
 */
export function inverseTransposedFactor(l: Float64Array, p: number): Float64Array {
  // Solve L · X = I column by column (X = L⁻¹, lower triangular), then transpose.
  const inv = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let i = c; i < p; i++) {
      let v = i === c ? 1 : 0;
      for (let t = c; t < i; t++) v -= l[i * p + t]! * inv[t * p + c]!;
      inv[i * p + c] = v / l[i * p + i]!;
    }
  }
  const w = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) w[i * p + j] = inv[j * p + i]!;
  return w;
}
