/**
 * Exact k nearest neighbours by brute force, two ways: a plain TypeScript reference (direct loops
 * in double precision, the oracle) and a fast path at matrix-product speed, where query and
 * reference tiles meet in one native Gemm + TopK ({@link largestProducts}) arranged so that each
 * product already ranks the pair; the few best per tile are merged, and the survivors' distances
 * recomputed exactly in double precision, so float32 rounding in the product cannot change the
 * answer beyond near-ties.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { largestProducts } from './largest-products.js';
import type { Neighbours } from './neighbour-graph.js';

/** Query rows per tile of the fast path. */
const QUERY_TILE = 2048;
/** Reference rows per tile of the fast path (the native product of one tile is 64 MB). */
const REFERENCE_TILE = 8192;
/** Extra candidates kept per query, so float32 rounding near the k-th distance is repaired by the exact recomputation. */
const CANDIDATE_MARGIN = 4;
/** Below this many multiply-adds (queries x references x columns) `auto` runs the reference: no native call. */
export const EXACT_NEIGHBOURS_NATIVE_FROM = 1 << 22;

/** Which brute force to run: `auto` (by size), the TypeScript `reference`, or `onnx`. */
export type ExactNeighbourBackend = 'auto' | 'reference' | 'onnx';

interface Query {
  readonly self: boolean;
  readonly q: Matrix<Float32Array>;
  readonly available: number;
}

function checkQuery(reference: Matrix<Float32Array>, k: number, queries: Matrix<Float32Array> | undefined): Query {
  const self = queries === undefined;
  const q = queries ?? reference;
  const available = self ? reference.rows - 1 : reference.rows;
  if (!Number.isInteger(k) || k < 1) throw invalidInput(`nearest neighbours: k must be a positive integer, got ${k}`);
  if (k > available) {
    throw invalidInput(`nearest neighbours: k = ${k} exceeds the ${available} reference rows available${self ? ' (each row excludes itself)' : ''}`);
  }
  if (q.cols !== reference.cols) throw invalidInput(`nearest neighbours: queries have ${q.cols} columns, the reference ${reference.cols}`);
  return { self, q, available };
}

function squaredDistance(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s = 0;
  for (let p = 0; p < d; p++) {
    const t = a[ao + p]! - b[bo + p]!;
    s += t * t;
  }
  return s;
}

/** Writes query `row`'s k nearest among `count` candidates (exact squared distances), ties by lower row number. */
function keepNearest(ids: Int32Array, d2: Float64Array, count: number, k: number, row: number, out: { indices: Int32Array; distances: Float64Array }): void {
  const order = Array.from({ length: count }, (_, t) => t).sort((a, b) => d2[a]! - d2[b]! || ids[a]! - ids[b]!);
  for (let p = 0; p < k; p++) {
    out.indices[row * k + p] = ids[order[p]!]!;
    out.distances[row * k + p] = Math.sqrt(d2[order[p]!]!);
  }
}

/**
 * Exact k nearest neighbours by direct loops in double precision: the oracle for
 * {@link exactNeighbours}. O(queries x references x columns).
 *
 * @throws AntidoteError `invalid_input` when k is not a positive integer or exceeds the rows available.
 */
export function exactNeighboursReference(reference: Matrix<Float32Array>, k: number, queries?: Matrix<Float32Array>): Neighbours {
  const { self, q } = checkQuery(reference, k, queries);
  const m = reference.rows;
  const d = reference.cols;
  const out = { indices: new Int32Array(q.rows * k), distances: new Float64Array(q.rows * k) };
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let i = 0; i < q.rows; i++) {
    let count = 0;
    for (let j = 0; j < m; j++) {
      if (self && j === i) continue;
      const v = squaredDistance(q.data, i * d, reference.data, j * d, d);
      if (count < k || v < bestD[count - 1]!) {
        // Insert into the ascending list; equal distances keep the earlier (lower) row first.
        let p = count < k ? count++ : k - 1;
        while (p > 0 && bestD[p - 1]! > v) {
          bestD[p] = bestD[p - 1]!;
          bestI[p] = bestI[p - 1]!;
          p--;
        }
        bestD[p] = v;
        bestI[p] = j;
      }
    }
    for (let p = 0; p < k; p++) {
      out.indices[i * k + p] = bestI[p]!;
      out.distances[i * k + p] = Math.sqrt(bestD[p]!);
    }
  }
  return { rows: q.rows, k, ...out, method: 'exact' };
}

/**
 * `[x, 1]` for queries and `[y, −‖y‖²/2]` for references: the product of a query and a
 * reference row is then `x·y − ‖y‖²/2 = (‖x‖² − ‖x − y‖²)/2`, larger for nearer rows.
 */
function augment(m: Matrix<Float32Array>, from: number, to: number, reference: boolean): Matrix<Float32Array> {
  const d = m.cols;
  const rows = to - from;
  const out = new Float32Array(rows * (d + 1));
  const src = m.data;
  for (let i = 0; i < rows; i++) {
    const s = (from + i) * d;
    const o = i * (d + 1);
    let sq = 0;
    for (let p = 0; p < d; p++) {
      const v = src[s + p]!;
      out[o + p] = v;
      sq += v * v;
    }
    out[o + d] = reference ? -0.5 * sq : 1;
  }
  return { rows, cols: d + 1, data: out };
}

/**
 * The `k` nearest reference rows of every query row, exactly (ties broken by the lower row
 * number, up to float32 near-ties on the fast path). Without `queries`, the reference rows are
 * queried against themselves and each row is left out of its own neighbours (scikit-learn's
 * `kneighbors()` with no argument).
 *
 * @param reference m x d
 * @param k neighbours per query, at most m (m − 1 when querying the reference itself)
 * @param queries q x d; absent: the reference rows, each excluding itself
 * @param backend `auto` (default): the reference below {@link EXACT_NEIGHBOURS_NATIVE_FROM} multiply-adds, onnx above
 * @throws AntidoteError `invalid_input` when k is not a positive integer or exceeds the rows available;
 *   `unsupported` when the onnx path is needed and onnxruntime-node cannot be loaded.
 *
 * @example
 * const nn = await exactNeighbours(x, 20); // nn.indices[i * 20] is row i's nearest other row
 */
export async function exactNeighbours(
  reference: Matrix<Float32Array>,
  k: number,
  queries?: Matrix<Float32Array>,
  backend: ExactNeighbourBackend = 'auto',
): Promise<Neighbours> {
  const { self, q, available } = checkQuery(reference, k, queries);
  if (backend === 'reference' || (backend === 'auto' && q.rows * reference.rows * reference.cols < EXACT_NEIGHBOURS_NATIVE_FROM)) {
    return exactNeighboursReference(reference, k, queries);
  }
  if (backend !== 'auto' && backend !== 'onnx') throw invalidInput(`unknown exact neighbour backend "${String(backend)}"; available: auto, reference, onnx`);
  const m = reference.rows;
  const d = reference.cols;
  const c = Math.min(k + CANDIDATE_MARGIN, available);
  const out = { indices: new Int32Array(q.rows * k), distances: new Float64Array(q.rows * k) };
  const refTiles: Matrix<Float32Array>[] = [];
  for (let r = 0; r < m; r += REFERENCE_TILE) refTiles.push(augment(reference, r, Math.min(m, r + REFERENCE_TILE), true));

  const bestScore = new Float64Array(QUERY_TILE * c);
  const bestIndex = new Int32Array(QUERY_TILE * c);
  const d2 = new Float64Array(c);
  for (let q0 = 0; q0 < q.rows; q0 += QUERY_TILE) {
    const qt = augment(q, q0, Math.min(q.rows, q0 + QUERY_TILE), false);
    bestScore.fill(-Infinity);
    bestIndex.fill(-1);
    for (let t = 0; t < refTiles.length; t++) {
      const rt = refTiles[t]!;
      const r0 = t * REFERENCE_TILE;
      // One more than needed when a row may meet itself in this tile, so dropping it leaves c.
      const kk = Math.min(rt.rows, c + (self ? 1 : 0));
      const top = await largestProducts(qt, rt, kk);
      for (let i = 0; i < qt.rows; i++) {
        const b = i * c;
        const selfIndex = self ? q0 + i : -1;
        for (let s = i * kk, end = s + kk; s < end; s++) {
          const v = top.values[s]!;
          const id = r0 + top.indices[s]!;
          if (id === selfIndex) continue;
          if (v > bestScore[b + c - 1]! || (v === bestScore[b + c - 1]! && id < bestIndex[b + c - 1]!)) {
            let p = c - 1;
            while (p > 0 && (bestScore[b + p - 1]! < v || (bestScore[b + p - 1] === v && bestIndex[b + p - 1]! > id))) {
              bestScore[b + p] = bestScore[b + p - 1]!;
              bestIndex[b + p] = bestIndex[b + p - 1]!;
              p--;
            }
            bestScore[b + p] = v;
            bestIndex[b + p] = id;
          }
        }
      }
    }
    // Exact distances of the candidates, in double precision; keep the k nearest.
    for (let i = 0; i < qt.rows; i++) {
      const row = q0 + i;
      const ids = bestIndex.subarray(i * c, i * c + c);
      for (let p = 0; p < c; p++) d2[p] = squaredDistance(q.data, row * d, reference.data, ids[p]! * d, d);
      keepNearest(ids, d2, c, k, row, out);
    }
  }
  return { rows: q.rows, k, ...out, method: 'exact' };
}
