/**
 * Exact and near duplicate rows, inside a batch and against a reference (the baseline): exact
 * duplicates by hashing each row's values (checked value by value), near duplicates as pairs of
 * nearest neighbours closer than a threshold taken from the batch's own nearest-neighbour
 * distances. Groups are the connected components of both relations.
 */
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { quantiles } from '../../kernels/quantiles.js';
import { checkNeighbourOptions, nearestNeighbours, type NeighbourSearch, type Neighbours } from './nearest-neighbours.js';
import { checkFeatures } from './poison-input.js';

/** A group's kind: every member equal (`exact`), or some only close (`near`). */
export const DUPLICATE_KINDS = ['exact', 'near'] as const;

/** One of {@link DUPLICATE_KINDS}. */
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number];

/** Rows that duplicate each other. */
export interface DuplicateGroup {
  readonly kind: DuplicateKind;
  /** Batch rows in the group, ascending (at least one). */
  readonly rows: readonly number[];
  /** Reference rows in the group, ascending. */
  readonly referenceRows: readonly number[];
  /** Largest Euclidean distance from the group's first batch row to another member (0 for exact groups). */
  readonly radius: number;
}

/** What {@link findDuplicates} found. */
export interface DuplicateReport {
  /** The near-duplicate distance used (0: exact duplicates only). */
  readonly threshold: number;
  /** Groups with at least two members, at least one from the batch, ordered by their first batch row. */
  readonly groups: readonly DuplicateGroup[];
  /** Batch rows in some group. */
  readonly duplicateRows: number;
}

/** Settings of {@link findDuplicates}. */
export interface FindDuplicatesOptions {
  /** Rows to compare the batch with as well (e.g. the baseline), same width. */
  readonly reference?: Matrix;
  /** Near-duplicate distance; default `nearRatio` x the median nearest-neighbour distance in the batch. */
  readonly threshold?: number;
  /** See `threshold` (default 0.1: ten times closer than a typical nearest neighbour). */
  readonly nearRatio?: number;
  /** Neighbours examined per row (default 10); larger groups are still joined through chains. */
  readonly neighbours?: number;
  /** Neighbour search (default `auto`). */
  readonly search?: NeighbourSearch;
}

/** The groups with the neighbour lists they came from (what the duplicate-labels detector builds on). */
export interface DuplicateGraph extends DuplicateReport {
  /** Each batch row's group in `groups`, or -1. */
  readonly groupOf: Int32Array;
  /** Neighbours of each batch row within the batch. */
  readonly batchNeighbours: Neighbours;
  /** Neighbours of each batch row in the reference (absent without one). */
  readonly referenceNeighbours: Neighbours | undefined;
  /** Median distance from a batch row to its nearest non-identical batch row (1 when there is none). */
  readonly typicalDistance: number;
}

/** Two 32-bit FNV-1a style hashes of a row's values as doubles (0 and -0 alike), joined as a key. */
function rowKey(m: Matrix, i: number, scratch: Float64Array, words: Uint32Array): string {
  const d = m.cols;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let j = 0; j < d; j++) {
    const v = m.data[i * d + j]!;
    scratch[0] = v === 0 ? 0 : v;
    for (let w = 0; w < 2; w++) {
      const word = words[w]!;
      h1 = Math.imul(h1 ^ word, 0x01000193);
      h2 = Math.imul(h2 ^ ((word >>> 16) | (word << 16)), 0x5bd1e995) ^ (h2 >>> 15);
    }
  }
  return `${h1 >>> 0}:${h2 >>> 0}`;
}

function rowsEqual(a: Matrix, i: number, b: Matrix, j: number): boolean {
  const d = a.cols;
  for (let p = 0; p < d; p++) if (a.data[i * d + p] !== b.data[j * d + p]) return false;
  return true;
}

function distance(a: Matrix, i: number, b: Matrix, j: number): number {
  const d = a.cols;
  let s = 0;
  for (let p = 0; p < d; p++) {
    const t = a.data[i * d + p]! - b.data[j * d + p]!;
    s += t * t;
  }
  return Math.sqrt(s);
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Exact-duplicate classes over the batch rows (0..n-1) and reference rows (n..n+m-1): each
 * position's class representative (the first equal row).
 */
function exactClasses(x: Matrix, reference: Matrix | undefined): Int32Array {
  const n = x.rows;
  const m = reference?.rows ?? 0;
  const scratch = new Float64Array(1);
  const words = new Uint32Array(scratch.buffer);
  const buckets = new Map<string, number[]>();
  const rep = new Int32Array(n + m);
  const at = (p: number): [Matrix, number] => (p < n ? [x, p] : [reference!, p - n]);
  for (let p = 0; p < n + m; p++) {
    const [mat, i] = at(p);
    const key = rowKey(mat, i, scratch, words);
    const reps = buckets.get(key);
    let found = -1;
    if (reps) {
      for (const q of reps) {
        const [mq, j] = at(q);
        if (rowsEqual(mat, i, mq, j)) {
          found = q;
          break;
        }
      }
    }
    if (found >= 0) rep[p] = found;
    else {
      rep[p] = p;
      if (reps) reps.push(p);
      else buckets.set(key, [p]);
    }
  }
  return rep;
}

/**
 * Exact and near duplicates with the neighbour lists behind them.
 *
 * @throws AntidoteError `invalid_input` for a non-finite value, a reference of another width, or a bad option.
 */
export async function duplicateGraph(x: Matrix, options: FindDuplicatesOptions = {}): Promise<DuplicateGraph> {
  const { reference } = options;
  checkFeatures(x, 'duplicates', 0);
  if (reference) checkFeatures(reference, 'duplicates (reference)', 0);
  const nearRatio = options.nearRatio ?? 0.1;
  const k = options.neighbours ?? 10;
  const { search } = checkNeighbourOptions({ search: options.search }, 'duplicates');
  if (reference && reference.cols !== x.cols) throw invalidInput(`duplicates: the reference has ${reference.cols} columns, the batch ${x.cols}`);
  if (!(nearRatio >= 0) || !Number.isFinite(nearRatio)) throw invalidInput(`duplicates: nearRatio = ${String(nearRatio)} must be a finite number >= 0`);
  if (options.threshold !== undefined && !(options.threshold >= 0 && Number.isFinite(options.threshold))) {
    throw invalidInput(`duplicates: threshold = ${String(options.threshold)} must be a finite number >= 0`);
  }
  if (!Number.isInteger(k) || k < 1) throw invalidInput(`duplicates: neighbours = ${String(k)} must be a positive integer`);
  const n = x.rows;
  const m = reference?.rows ?? 0;
  const rep = exactClasses(x, reference);
  const batchNeighbours = await nearestNeighbours(x, null, k, { search });
  const referenceNeighbours = reference && m > 0 ? await nearestNeighbours(reference, x, k, { search }) : undefined;

  const nearest: number[] = [];
  for (let q = 0; q < n; q++) {
    for (let j = 0; j < batchNeighbours.k; j++) {
      const v = batchNeighbours.distances[q * batchNeighbours.k + j]!;
      if (v > 0) {
        nearest.push(v);
        break;
      }
    }
  }
  const typical = nearest.length > 0 ? quantiles(nearest, [0.5])[0]! : 0;
  const threshold = options.threshold ?? nearRatio * typical;

  const uf = new UnionFind(n + m);
  for (let p = 0; p < n + m; p++) uf.union(p, rep[p]!);
  const link = (nb: Neighbours, shift: number): void => {
    for (let q = 0; q < n; q++) {
      for (let j = 0; j < nb.k; j++) {
        if (nb.distances[q * nb.k + j]! > threshold) break;
        uf.union(q, shift + nb.indices[q * nb.k + j]!);
      }
    }
  };
  link(batchNeighbours, 0);
  if (referenceNeighbours) link(referenceNeighbours, n);

  const members = new Map<number, number[]>();
  for (let p = 0; p < n + m; p++) {
    const r = uf.find(p);
    const list = members.get(r);
    if (list) list.push(p);
    else members.set(r, [p]);
  }
  const groups: DuplicateGroup[] = [];
  const groupOf = new Int32Array(n).fill(-1);
  const roots = [...members.entries()].filter(([, list]) => list.length >= 2 && list[0]! < n).sort((a, b) => a[1][0]! - b[1][0]!);
  let duplicateRows = 0;
  for (const [, list] of roots) {
    const rows = list.filter((p) => p < n);
    const referenceRows = list.filter((p) => p >= n).map((p) => p - n);
    const exact = list.every((p) => rep[p] === rep[list[0]!]);
    const first = rows[0]!;
    let radius = 0;
    if (!exact) {
      for (const p of list) radius = Math.max(radius, p < n ? distance(x, first, x, p) : distance(x, first, reference!, p - n));
    }
    for (const r of rows) groupOf[r] = groups.length;
    duplicateRows += rows.length;
    groups.push({ kind: exact ? 'exact' : 'near', rows, referenceRows, radius });
  }
  return { threshold, groups, duplicateRows, groupOf, batchNeighbours, referenceNeighbours, typicalDistance: typical > 0 ? typical : 1 };
}

/**
 * Exact and near duplicate groups inside a batch and against an optional reference matrix (the
 * report's duplicates section). Distances are Euclidean; exact means equal in every value.
 *
 * @example
 * const { groups, threshold } = await findDuplicates(batch, { reference: baselineSample });
 * groups.filter((g) => g.referenceRows.length > 0); // batch rows already in the baseline
 */
export async function findDuplicates(x: Matrix, options: FindDuplicatesOptions = {}): Promise<DuplicateReport> {
  const { threshold, groups, duplicateRows } = await duplicateGraph(x, options);
  return { threshold, groups, duplicateRows };
}
