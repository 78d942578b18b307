/**
 * Approximate k nearest neighbours on a hierarchical navigable small-world graph (Malkov &
 * Yashunin 2018, HNSW) built by usearch's native index (loaded on first use). Distances of the
 * neighbours found are recomputed exactly in double precision; rows for which the graph returns
 * fewer than k neighbours are completed by brute force.
 */
import { AntidoteError, invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { exactNeighbours } from './exact-neighbours.js';
import type { Neighbours } from './neighbour-graph.js';

/** Graph parameters of {@link approximateNeighbours}. */
export interface ApproximateNeighbourOptions {
  /** Edges per node (HNSW's M; default 16). */
  readonly connectivity?: number;
  /** Candidate list size while building (efConstruction; default 128). */
  readonly expansionAdd?: number;
  /** Candidate list size while searching (ef; default max(64, 2k + 2)); larger is slower and more accurate. */
  readonly expansionSearch?: number;
  /**
   * Threads that build and search the graph (default 1). More are faster, but a graph built on
   * several threads depends on their timing, so results are no longer reproducible run to run.
   * (usearch sizes its per-thread search state when building, so one count serves both.)
   */
  readonly threads?: number;
}

type UsearchModule = typeof import('usearch');
type UsearchIndex = InstanceType<UsearchModule['default']['Index']>;

let usearchPromise: Promise<UsearchModule> | undefined;

/**
 * Graphs already built, by reference array and parameters, so that scoring new rows against a
 * detector's fit rows reuses the graph built while fitting. Entries go with their arrays.
 */
const graphs = new WeakMap<Float32Array, Map<string, UsearchIndex>>();

function loadUsearch(): Promise<UsearchModule> {
  usearchPromise ??= import('usearch').catch((e: unknown) => {
    usearchPromise = undefined;
    throw new AntidoteError('unsupported', `usearch could not be loaded (${e instanceof Error ? e.message : String(e)}); use exact neighbours instead`, undefined, {
      cause: e,
    });
  });
  return usearchPromise;
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw invalidInput(`approximate neighbours: ${name} must be a positive integer, got ${String(value)}`);
  return v;
}

/**
 * The approximate `k` nearest reference rows of every query row, on an HNSW graph. Without
 * `queries`, the reference rows are queried against themselves, each excluding itself. The graph
 * of a reference array is built once per parameter set and kept while the array lives: the
 * array must not be modified afterwards (detectors pass their private copy of the fit rows).
 *
 * @param reference m x d
 * @param k neighbours per query, at most m (m − 1 when querying the reference itself)
 * @param queries q x d; absent: the reference rows, each excluding itself
 * @throws AntidoteError `invalid_input` for a bad k or option; `unsupported` when usearch cannot load.
 */
export async function approximateNeighbours(
  reference: Matrix<Float32Array>,
  k: number,
  queries?: Matrix<Float32Array>,
  options: ApproximateNeighbourOptions = {},
): Promise<Neighbours> {
  const self = queries === undefined;
  const q = queries ?? reference;
  const m = reference.rows;
  const d = reference.cols;
  const available = self ? m - 1 : m;
  if (!Number.isInteger(k) || k < 1) throw invalidInput(`nearest neighbours: k must be a positive integer, got ${k}`);
  if (k > available) throw invalidInput(`nearest neighbours: k = ${k} exceeds the ${available} reference rows available`);
  if (q.cols !== d) throw invalidInput(`nearest neighbours: queries have ${q.cols} columns, the reference ${d}`);
  const connectivity = positiveInt(options.connectivity, 16, 'connectivity');
  const expansionAdd = positiveInt(options.expansionAdd, 128, 'expansionAdd');
  const expansionSearch = positiveInt(options.expansionSearch, Math.max(64, 2 * k + 2), 'expansionSearch');
  const threads = positiveInt(options.threads, 1, 'threads');

  const { Index, MetricKind, ScalarKind } = (await loadUsearch()).default;
  const key = `${m}x${d}/${connectivity}/${expansionAdd}/${expansionSearch}/${threads}`;
  const built = graphs.get(reference.data) ?? new Map<string, UsearchIndex>();
  graphs.set(reference.data, built);
  let index = built.get(key);
  if (!index) {
    index = new Index({
      dimensions: d,
      metric: MetricKind.L2sq,
      quantization: ScalarKind.F32,
      connectivity,
      expansion_add: expansionAdd,
      expansion_search: expansionSearch,
      multi: false,
    });
    const keys = new BigUint64Array(m);
    for (let i = 0; i < m; i++) keys[i] = BigInt(i);
    index.add(keys, reference.data, threads);
    built.set(key, index);
  }

  const want = self ? k + 1 : k;
  const found = q.rows === 0 ? undefined : index.search(q.data, want, threads);
  const indices = new Int32Array(q.rows * k);
  const distances = new Float64Array(q.rows * k);
  const incomplete: number[] = [];
  const rowIds = new Int32Array(want);
  const rowD = new Float64Array(want);
  for (let i = 0; i < q.rows; i++) {
    let n = 0;
    for (let j = 0; j < want; j++) {
      const key = found!.keys[i * want + j]!;
      if (key >= BigInt(m)) continue; // padding: fewer results than asked for
      const id = Number(key);
      if (self && id === i) continue;
      rowIds[n] = id;
      let s = 0;
      const a = i * d;
      const b = id * d;
      for (let p = 0; p < d; p++) {
        const t = q.data[a + p]! - reference.data[b + p]!;
        s += t * t;
      }
      rowD[n++] = s;
    }
    if (n < k) {
      incomplete.push(i);
      continue;
    }
    const order = Array.from({ length: n }, (_, t) => t).sort((a, b) => rowD[a]! - rowD[b]! || rowIds[a]! - rowIds[b]!);
    for (let p = 0; p < k; p++) {
      indices[i * k + p] = rowIds[order[p]!]!;
      distances[i * k + p] = Math.sqrt(rowD[order[p]!]!);
    }
  }
  if (incomplete.length > 0) await completeExactly(reference, k, q, self, incomplete, indices, distances);
  return { rows: q.rows, k, indices, distances, method: 'approximate' };
}

/** Brute force for the few rows the graph left short. */
async function completeExactly(
  reference: Matrix<Float32Array>,
  k: number,
  q: Matrix<Float32Array>,
  self: boolean,
  rows: readonly number[],
  indices: Int32Array,
  distances: Float64Array,
): Promise<void> {
  const d = q.cols;
  const sub = new Float32Array(rows.length * d);
  rows.forEach((r, t) => sub.set(q.data.subarray(r * d, (r + 1) * d), t * d));
  // One extra neighbour, so a row that finds itself can drop it.
  const extra = self ? 1 : 0;
  const nn = await exactNeighbours(reference, k + extra, { rows: rows.length, cols: d, data: sub });
  rows.forEach((r, t) => {
    let p = 0;
    for (let j = 0; j < k + extra && p < k; j++) {
      const id = nn.indices[t * (k + extra) + j]!;
      if (self && id === r) continue;
      indices[r * k + p] = id;
      distances[r * k + p] = nn.distances[t * (k + extra) + j]!;
      p++;
    }
  });
}
