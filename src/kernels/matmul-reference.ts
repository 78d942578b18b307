/**
 * Matrix products in plain TypeScript: the oracle every faster backend is tested against.
 * Both operands are packed into 4-row panels (B by columns, so no separate transpose), and the
 * product is computed in 4 x 4 register blocks: sixteen running sums per pass over the shared
 * dimension, which takes plain loops from ~0.6 to ~2.5-3.5 GFLOP/s here.
 */
import type { Matrix } from '../core/matrix.js';
import { zerosLike, type FloatArray } from './float-array.js';
import type { MatmulBackend } from './matmul-backend.js';
import { assertMatmulShapes, assertMatmulTransposedBShapes } from './shape-checks.js';

/** Rows (or columns) per packed panel, and the side of the register block. */
const PANEL = 4;

/**
 * Packs `count` items of length `k` into 4-item panels of double precision, p-major inside a
 * panel: item `4q + r`, element `p` lands at `4kq + 4p + r`. Item i, element p is read from
 * `src[i * itemStride + p * elementStride]`, so rows of A (stride k, 1), columns of B (1, n) and
 * rows of Bᵀ (k, 1) pack the same way. Missing items of the last panel are zero. The kernel then
 * reads each operand as one sequential stream, and sees only Float64Array (one element kind keeps
 * its loads monomorphic).
 */
function packPanels(src: FloatArray, count: number, k: number, itemStride: number, elementStride: number): Float64Array {
  const panels = Math.ceil(count / PANEL);
  const out = new Float64Array(panels * PANEL * k);
  for (let q = 0; q < panels; q++) {
    const base = q * PANEL * k;
    const items = Math.min(PANEL, count - q * PANEL);
    for (let r = 0; r < items; r++) {
      let from = (q * PANEL + r) * itemStride;
      for (let p = 0, to = base + r; p < k; p++, to += PANEL, from += elementStride) out[to] = src[from]!;
    }
  }
  return out;
}

/**
 * `c = A · Bᵀ` from packed panels (A: m items, B: n items, both of length k): sixteen running sums
 * per 4 x 4 block, in double precision whatever the element type of `c`.
 */
function kernel(ap: Float64Array, bp: Float64Array, c: FloatArray, m: number, n: number, k: number): void {
  const step = PANEL * k;
  for (let i = 0; i < m; i += PANEL) {
    // Panel i / 4 starts at (i / 4) · 4k = i · k (integer arithmetic keeps the indices small integers).
    const ao = i * k;
    for (let j = 0; j < n; j += PANEL) {
      const bo = j * k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let pa = ao, pb = bo, end = ao + step; pa < end; pa += PANEL, pb += PANEL) {
        const x0 = ap[pa]!;
        const x1 = ap[pa + 1]!;
        const x2 = ap[pa + 2]!;
        const x3 = ap[pa + 3]!;
        const y0 = bp[pb]!;
        const y1 = bp[pb + 1]!;
        const y2 = bp[pb + 2]!;
        const y3 = bp[pb + 3]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      if (i + PANEL <= m && j + PANEL <= n) {
        let o = i * n + j;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03;
        o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13;
        o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23;
        o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        // A block on the bottom or right edge: its padded rows and columns are not stored.
        const block = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        const rows = Math.min(PANEL, m - i);
        const cols = Math.min(PANEL, n - j);
        for (let r = 0; r < rows; r++) for (let s = 0; s < cols; s++) c[(i + r) * n + j + s] = block[r * PANEL + s]!;
      }
    }
  }
}

/**
 * The product `a · b` in plain TypeScript (float32 or float64; the result has the operands'
 * element type, sums are accumulated in double precision).
 *
 * @param a m x k
 * @param b k x n, same element type as `a`
 * @param out optional m x n destination (overwritten; must not alias `a` or `b`)
 * @returns `out`, or a new m x n matrix
 * @throws AntidoteError `invalid_input` when the shapes do not align (the message gives both).
 *
 * @example
 * const c = matmulReference(asMatrix(new Float32Array([1, 2, 3, 4]), 2, 2), asMatrix(new Float32Array([1, 0, 0, 1]), 2, 2));
 * // c.data = [1, 2, 3, 4]
 */
export function matmulReference<T extends FloatArray>(a: Matrix<T>, b: Matrix<T>, out?: Matrix<T>): Matrix<T> {
  assertMatmulShapes(a, b, out);
  const c = out ?? zerosLike(a.data, a.rows, b.cols);
  if (a.rows === 0 || b.cols === 0) return c;
  if (a.cols === 0) {
    c.data.fill(0);
    return c;
  }
  const k = a.cols;
  kernel(packPanels(a.data, a.rows, k, k, 1), packPanels(b.data, b.cols, k, 1, b.cols), c.data, a.rows, b.cols, k);
  return c;
}

/**
 * The product `a · btᵀ` in plain TypeScript, for when the right operand is naturally stored by
 * rows (Gram matrices, `X · Yᵀ` in distance computations): no transpose is needed.
 *
 * @param a m x k
 * @param bt n x k, same element type as `a`
 * @param out optional m x n destination (overwritten; must not alias `a` or `bt`)
 * @returns `out`, or a new m x n matrix
 * @throws AntidoteError `invalid_input` when `a.cols !== bt.cols` (the message gives both shapes).
 */
export function matmulTransposedBReference<T extends FloatArray>(a: Matrix<T>, bt: Matrix<T>, out?: Matrix<T>): Matrix<T> {
  assertMatmulTransposedBShapes(a, bt, out);
  const c = out ?? zerosLike(a.data, a.rows, bt.rows);
  if (a.rows === 0 || bt.rows === 0) return c;
  if (a.cols === 0) {
    c.data.fill(0);
    return c;
  }
  const k = a.cols;
  kernel(packPanels(a.data, a.rows, k, k, 1), packPanels(bt.data, bt.rows, k, k, 1), c.data, a.rows, bt.rows, k);
  return c;
}

/** The plain-TypeScript {@link MatmulBackend}: the reference functions behind the async interface. */
export const referenceMatmulBackend: MatmulBackend = {
  name: 'reference',
  matmul: async (a, b) => matmulReference(a, b),
  matmulTransposedB: async (a, bt) => matmulTransposedBReference(a, bt),
  dispose: async () => {},
};
