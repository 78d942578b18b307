/**
 * Squared Euclidean distances between every pair of clients of a round (n x n, row-major,
 * double precision): what Krum, Multi-Krum and Bulyan rank clients by. The synchronous reference
 * walks the coordinates; the fast path takes the Gram matrix `X · Xᵀ` from the onnxruntime
 * matrix product and uses ‖xᵢ‖² + ‖xⱼ‖² − 2 xᵢ·xⱼ (clamped at 0), as numpy's Gram version does.
 */
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { matmulTransposedB, type MatmulOptions } from '../../kernels/matmul.js';
import { validateUpdates } from './validate-updates.js';

/**
 * Pairwise squared distances by direct loops (four clients against one per pass), accumulated
 * in double precision: exact up to rounding, slow for large rounds (n²/2 passes over d values).
 *
 * @throws AntidoteError `invalid_input` for an empty round or unequal lengths.
 */
export function clientSquaredDistancesSync(updates: readonly ClientUpdate[]): Float64Array {
  const { n, d } = validateUpdates(updates, 'clientSquaredDistances');
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = updates[i]!.values;
    for (let j = i + 1; j < n; j++) {
      const b = updates[j]!.values;
      let s = 0;
      for (let p = 0; p < d; p++) {
        const t = a[p]! - b[p]!;
        s += t * t;
      }
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * Pairwise squared distances through the Gram matrix on the fast matrix product. The rows are
 * used in place when the updates are consecutive rows of one buffer (a server that stacks the
 * round into one n x d matrix), and copied into one otherwise.
 *
 * Precision: float32 products, so distances between clients that are close compared with their
 * norms lose relative precision (cancellation); fine for ranking clients, as in numpy's version.
 *
 * @throws AntidoteError `invalid_input` for an empty round or unequal lengths.
 *
 * @example
 * const d2 = await clientSquaredDistances(updates);
 * const global = krum(updates, { f: 2, squaredDistances: d2 });
 */
export async function clientSquaredDistances(updates: readonly ClientUpdate[], options: MatmulOptions = {}): Promise<Float64Array> {
  const { n, d } = validateUpdates(updates, 'clientSquaredDistances');
  const x: Matrix<Float32Array> = { rows: n, cols: d, data: stackedRows(updates, d) };
  const gram = (await matmulTransposedB(x, x, options)).data;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = gram[i * n + i]! + gram[j * n + j]! - 2 * gram[i * n + j]!;
      out[i * n + j] = v > 0 ? v : 0;
    }
  }
  return out;
}

/** The round as one n x d row-major array: a view when the rows are already consecutive in one buffer, else a copy. */
function stackedRows(updates: readonly ClientUpdate[], d: number): Float32Array {
  const first = updates[0]!.values;
  const consecutive = updates.every((u, i) => u.values.buffer === first.buffer && u.values.byteOffset === first.byteOffset + i * d * 4);
  if (consecutive) return new Float32Array(first.buffer, first.byteOffset, updates.length * d);
  const out = new Float32Array(updates.length * d);
  updates.forEach((u, i) => out.set(u.values, i * d));
  return out;
}

/**
 * Checks a caller-supplied distance matrix (n x n, finite, non-negative); returns it.
 *
 * @throws AntidoteError `invalid_input` naming the rule and the problem.
 */
export function checkedDistances(value: unknown, n: number, rule: string): Float64Array {
  if (!(value instanceof Float64Array) || value.length !== n * n) {
    throw invalidInput(`${rule}: option squaredDistances must be a Float64Array of ${n} x ${n} = ${n * n} values (from clientSquaredDistances)`, {
      path: ['options', 'squaredDistances'],
    });
  }
  for (let i = 0; i < value.length; i++) {
    if (!(value[i]! >= 0) || value[i] === Infinity) throw invalidInput(`${rule}: squaredDistances[${i}] is ${value[i]}; distances must be finite and >= 0`, { path: ['options', 'squaredDistances', i] });
  }
  return value;
}
