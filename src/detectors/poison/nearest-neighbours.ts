/**
 * k nearest neighbours for the neighbourhood detectors: exact (blocks of the kernels' matrix
 * product, in double precision on centred data, then the chosen neighbours' distances recomputed
 * directly) or approximate (usearch's HNSW graph, Malkov & Yashunin 2018)
 * for large inputs. Either way the neighbours come back sorted by exact distance, ties by index.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { matmulTransposedB } from '../../kernels/matmul.js';

/** How neighbours are searched: `exact`, `approximate` (HNSW), or `auto` (exact up to {@link EXACT_MAX_PAIRS}). */
export const NEIGHBOUR_SEARCHES = ['auto', 'exact', 'approximate'] as const;

/** One of {@link NEIGHBOUR_SEARCHES}. */
export type NeighbourSearch = (typeof NEIGHBOUR_SEARCHES)[number];

/** Distances the neighbour detectors offer: Euclidean, or cosine (1 − cos) for embeddings. */
export const NEIGHBOUR_METRICS = ['euclidean', 'cosine'] as const;

/** One of {@link NEIGHBOUR_METRICS}. */
export type NeighbourMetric = (typeof NEIGHBOUR_METRICS)[number];

/**
 * Above this many query x reference pairs `auto` switches to the approximate search (about
 * 20,000²). Measured here with 32 columns: the exact search and usearch's single-threaded graph
 * build cost about the same up to ~40,000 rows; beyond, the exact search grows with n², the graph
 * with about n log n. Recall with the settings below: 0.98 on 10,000 isotropic Gaussian rows in 32
 * dimensions (the hard case), 1.00 in 8 (nearest-neighbours.test.ts measures it).
 */
export const EXACT_MAX_PAIRS = 4e8;

/** Doubles per block of the exact distance matrix (32 MB). */
const BLOCK_VALUES = 1 << 22;

/** Neighbours of each query row, row-major `queries x k`, nearest first. */
export interface Neighbours {
  /** Neighbours per query (the requested k, or fewer when the reference is smaller). */
  readonly k: number;
  /** Reference row of each neighbour. */
  readonly indices: Int32Array;
  /** Its distance (Euclidean, or cosine distance 1 − cos). */
  readonly distances: Float64Array;
}

/** Settings of {@link nearestNeighbours}. */
export interface NeighbourOptions {
  readonly metric?: NeighbourMetric;
  readonly search?: NeighbourSearch;
}

/**
 * Checks neighbour settings and returns them with defaults (`euclidean`, `auto`).
 *
 * @throws AntidoteError `invalid_input` naming the detector, the bad value and the choices.
 */
export function checkNeighbourOptions(options: NeighbourOptions, who: string): Required<NeighbourOptions> {
  const metric = options.metric ?? 'euclidean';
  const search = options.search ?? 'auto';
  if (!(NEIGHBOUR_METRICS as readonly string[]).includes(metric)) {
    throw invalidInput(`${who}: unknown metric "${String(metric)}"; available: ${NEIGHBOUR_METRICS.join(', ')}`);
  }
  if (!(NEIGHBOUR_SEARCHES as readonly string[]).includes(search)) {
    throw invalidInput(`${who}: unknown search "${String(search)}"; available: ${NEIGHBOUR_SEARCHES.join(', ')}`);
  }
  return { metric, search };
}

/**
 * The `k` nearest reference rows of every query row. With `queries` null the reference is queried
 * against itself and each row is left out of its own neighbours (other rows equal to it stay in).
 *
 * @param reference m x d
 * @param queries n x d, or null for the reference itself
 * @param k neighbours wanted; fewer come back when the reference has fewer rows
 * @throws AntidoteError `invalid_input` for k < 1 or mismatched widths.
 */
export async function nearestNeighbours(reference: Matrix, queries: Matrix | null, k: number, options: NeighbourOptions = {}): Promise<Neighbours> {
  if (!Number.isInteger(k) || k < 1) throw invalidInput(`nearest neighbours: k = ${k} must be a positive integer`);
  if (queries && queries.cols !== reference.cols) {
    throw invalidInput(`nearest neighbours: queries have ${queries.cols} columns, the reference ${reference.cols}`);
  }
  const self = queries === null;
  const { metric, search } = checkNeighbourOptions(options, 'nearest neighbours');
  const ref = prepare(reference, metric);
  const qry = self ? ref : prepare(queries, metric);
  const n = qry.rows;
  const available = reference.rows - (self ? 1 : 0);
  const kk = Math.max(0, Math.min(k, available));
  const indices = new Int32Array(n * kk);
  const distances = new Float64Array(n * kk);
  if (kk === 0 || n === 0) return { k: kk, indices, distances };
  const approximate = search === 'approximate' || (search === 'auto' && n * reference.rows > EXACT_MAX_PAIRS);
  if (approximate) await approximateSearch(ref, qry, self, kk, indices);
  else await exactSearch(ref, qry, self, kk, indices);
  refine(ref, qry, kk, indices, distances, metric);
  return { k: kk, indices, distances };
}

/** Rows in double precision, unit length for cosine (a zero row stays zero). */
function prepare(m: Matrix, metric: NeighbourMetric): Matrix<Float64Array> {
  const data = Float64Array.from(m.data);
  if (metric === 'cosine') {
    const d = m.cols;
    for (let i = 0; i < m.rows; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[i * d + j]! ** 2;
      if (s > 0) {
        const inv = 1 / Math.sqrt(s);
        for (let j = 0; j < d; j++) data[i * d + j]! *= inv;
      }
    }
  }
  return { rows: m.rows, cols: m.cols, data };
}

/** Exact squared distance between reference row r and query row q. */
function squaredDistance(ref: Matrix<Float64Array>, r: number, qry: Matrix<Float64Array>, q: number): number {
  const d = ref.cols;
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = ref.data[r * d + j]! - qry.data[q * d + j]!;
    s += t * t;
  }
  return s;
}

/**
 * Blocked exact search. For a fixed query row, ‖q − r‖² = ‖q‖² + (‖r‖² − 2 q·r), so candidates are
 * ranked by ‖r‖² − 2 q·r straight from the product's block (no full distance matrix is formed);
 * the kept neighbours' distances are recomputed directly afterwards.
 */
async function exactSearch(ref: Matrix<Float64Array>, qry: Matrix<Float64Array>, self: boolean, k: number, out: Int32Array): Promise<void> {
  const m = ref.rows;
  const d = ref.cols;
  // Centring both by the reference mean keeps the expansion from cancelling on far-off data.
  const mean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) mean[j]! += ref.data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= m;
  const centre = (src: Matrix<Float64Array>): Matrix<Float64Array> => {
    const data = new Float64Array(src.data.length);
    for (let p = 0; p < data.length; p++) data[p] = src.data[p]! - mean[p % d]!;
    return { rows: src.rows, cols: d, data };
  };
  const refC = centre(ref);
  const qryC = self ? refC : centre(qry);
  const refNorms = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let p = j * d, end = p + d; p < end; p++) s += refC.data[p]! * refC.data[p]!;
    refNorms[j] = s;
  }
  const block = Math.max(1, Math.floor(BLOCK_VALUES / m));
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let start = 0; start < qryC.rows; start += block) {
    const rows = Math.min(block, qryC.rows - start);
    const part: Matrix<Float64Array> = { rows, cols: d, data: qryC.data.subarray(start * d, (start + rows) * d) };
    const gram = (await matmulTransposedB(part, refC)).data;
    for (let r = 0; r < rows; r++) {
      const q = start + r;
      const o = r * m;
      let count = 0;
      let worst = Infinity;
      for (let j = 0; j < m; j++) {
        const v = refNorms[j]! - 2 * gram[o + j]!;
        if (v >= worst || (self && j === q)) continue;
        // Insertion into the sorted top-k; equal values keep the lower index first.
        let p = count < k ? count++ : k - 1;
        while (p > 0 && bestD[p - 1]! > v) {
          bestD[p] = bestD[p - 1]!;
          bestI[p] = bestI[p - 1]!;
          p--;
        }
        bestD[p] = v;
        bestI[p] = j;
        if (count === k) worst = bestD[k - 1]!;
      }
      out.set(bestI.subarray(0, k), q * k);
    }
  }
}

interface UsearchModule {
  readonly Index: new (config: {
    dimensions: number;
    metric: string;
    quantization: string;
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
    multi: boolean;
  }) => {
    add(keys: BigUint64Array, vectors: Float32Array, threads?: number): void;
    search(vectors: Float32Array, k: number, threads: number): { keys: BigUint64Array; counts?: BigUint64Array };
  };
}

let usearchPromise: Promise<UsearchModule> | undefined;

function loadUsearch(): Promise<UsearchModule> {
  usearchPromise ??= import('usearch').then((m) => (m as unknown as { default: UsearchModule }).default ?? (m as unknown as UsearchModule));
  return usearchPromise;
}

/**
 * HNSW search through usearch. The graph is built on one thread, in row order, so the same data
 * gives the same graph and the same neighbours (a multi-threaded build is not reproducible). Rows
 * the graph returns too few neighbours for are searched exactly.
 */
async function approximateSearch(ref: Matrix<Float64Array>, qry: Matrix<Float64Array>, self: boolean, k: number, out: Int32Array): Promise<void> {
  const usearch = await loadUsearch();
  const d = ref.cols;
  const wanted = k + (self ? 1 : 0);
  const index = new usearch.Index({
    dimensions: d,
    metric: 'l2sq',
    quantization: 'f32',
    connectivity: 16,
    expansion_add: 32,
    expansion_search: Math.max(128, 2 * wanted),
    multi: false,
  });
  const keys = new BigUint64Array(ref.rows);
  for (let i = 0; i < ref.rows; i++) keys[i] = BigInt(i);
  index.add(keys, Float32Array.from(ref.data), 1);
  const found = index.search(Float32Array.from(qry.data), wanted, 1);
  const missing: number[] = [];
  for (let q = 0; q < qry.rows; q++) {
    let count = 0;
    for (let j = 0; j < wanted && count < k; j++) {
      const key = found.keys[q * wanted + j]!;
      if (key >= BigInt(ref.rows)) break;
      const r = Number(key);
      if (self && r === q) continue;
      out[q * k + count++] = r;
    }
    if (count < k) missing.push(q);
  }
  for (const q of missing) {
    const one: Matrix<Float64Array> = { rows: 1, cols: d, data: qry.data.subarray(q * d, (q + 1) * d) };
    const tmp = new Int32Array(k);
    exactSearchOne(ref, one, self ? q : -1, k, tmp);
    out.set(tmp, q * k);
  }
}

/** The k nearest reference rows of one query by direct distances (reference row `skip` left out). */
function exactSearchOne(ref: Matrix<Float64Array>, one: Matrix<Float64Array>, skip: number, k: number, out: Int32Array): void {
  const order: { i: number; v: number }[] = [];
  for (let r = 0; r < ref.rows; r++) if (r !== skip) order.push({ i: r, v: squaredDistance(ref, r, one, 0) });
  order.sort((a, b) => a.v - b.v || a.i - b.i);
  for (let j = 0; j < k; j++) out[j] = order[j]!.i;
}

/** Recomputes the neighbours' distances directly and re-sorts each list by (distance, index). */
function refine(ref: Matrix<Float64Array>, qry: Matrix<Float64Array>, k: number, indices: Int32Array, distances: Float64Array, metric: NeighbourMetric): void {
  const pairs: { i: number; v: number }[] = Array.from({ length: k }, () => ({ i: 0, v: 0 }));
  for (let q = 0; q < qry.rows; q++) {
    for (let j = 0; j < k; j++) {
      const r = indices[q * k + j]!;
      pairs[j]!.i = r;
      pairs[j]!.v = squaredDistance(ref, r, qry, q);
    }
    pairs.sort((a, b) => a.v - b.v || a.i - b.i);
    for (let j = 0; j < k; j++) {
      indices[q * k + j] = pairs[j]!.i;
      const s = pairs[j]!.v;
      distances[q * k + j] = metric === 'cosine' ? s / 2 : Math.sqrt(s);
    }
  }
}
