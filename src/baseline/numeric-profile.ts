import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { NumericProfile } from '../core/baseline.js';
import { quantileSorted } from '../kernels/quantiles.js';

/** Columns with at most this many values keep every value (exact two-sample tests). */
export const EXACT_PROFILE_MAX = 2000;
/** Otherwise the distribution is kept as quantiles at 0, 1/Q, ..., 1. */
export const SKETCH_INTERVALS = 1000;
/** Bins of the population stability index (deciles of the reference). */
export const PSI_BINS = 10;
const HISTOGRAM_BINS = 30;

/**
 * Profiles a numeric (or timestamp) column: moments, the reference distribution (exact or a
 * quantile sketch), decile bins for PSI, and a histogram for plots. NaN values count as missing.
 */
export function profileNumeric(name: string, kind: 'numeric' | 'timestamp', values: Float64Array): NumericProfile {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  const missing = values.length - n;
  if (n === 0) {
    return {
      name, kind, count: 0, missing, min: NaN, max: NaN, mean: NaN, std: NaN,
      distribution: { exact: true, values: [] },
      psiBins: { edges: [], proportions: [] },
      histogram: { edges: [], counts: [] },
    };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const exact = n <= EXACT_PROFILE_MAX;
  const distribution = exact
    ? Array.from(sorted)
    : Array.from({ length: SKETCH_INTERVALS + 1 }, (_, i) => quantileSorted(sorted, i / SKETCH_INTERVALS));
  const edges = Array.from({ length: PSI_BINS - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / PSI_BINS));
  const proportions = binProportions(sorted, edges);
  return {
    name, kind, count: n, missing, min: sorted[0]!, max: sorted[n - 1]!, mean, std,
    distribution: { exact, values: distribution },
    psiBins: { edges, proportions },
    histogram: histogram(sorted, sorted[0]!, sorted[n - 1]!, HISTOGRAM_BINS),
  };
}

/**
 * The finite values of `values`, sorted ascending (a new, unshared array), in the order of the
 * native typed-array sort (-0 before +0).
 *
 * Sorting is the costliest step of profiling a column and of every numeric drift test, so long
 * arrays (from {@link PARALLEL_SORT_MIN} values) are cut into `threads` runs that worker threads
 * sort in a shared buffer while the calling thread sorts the first, and the runs are merged. The
 * call stays synchronous (the caller blocks on `Atomics.wait`, as it would on the sort itself);
 * the result is the same whatever the thread count, and one thread sorts everything when workers
 * cannot be started or fail.
 *
 * @param threads runs sorted at once (default: the available cores, at most 4); 1 sorts on the calling thread only
 */
export function sortedFinite(values: Float64Array, threads = defaultSortThreads()): Float64Array {
  const n = values.length;
  const runs = n >= PARALLEL_SORT_MIN ? Math.max(1, Math.min(Math.floor(threads), MAX_SORT_THREADS)) : 1;
  const workers = runs > 1 ? sortWorkers(runs - 1) : null;
  if (!workers) {
    const out = new Float64Array(n);
    return out.subarray(0, copyFinite(values, out)).sort();
  }
  const shared = new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
  const k = copyFinite(values, shared);
  const bounds = Array.from({ length: runs + 1 }, (_, r) => Math.round((r * k) / runs));
  const jobs = new SortJobs(runs, k);
  workers.forEach((w, i) => jobs.post(w, i + 1, shared.buffer, bounds[i + 1]!, bounds[i + 2]!));
  shared.subarray(bounds[0]!, bounds[1]!).sort();
  for (let r = 1; r < runs; r++) {
    // A run no worker has started yet is sorted here; one a worker took is waited for.
    if (jobs.claim(r)) shared.subarray(bounds[r]!, bounds[r + 1]!).sort();
    else if (!jobs.awaitWorker(r)) return sortedFinite(values, 1); // a worker may still write into `shared`: start afresh
  }
  return mergeRuns(shared, bounds);
}

/**
 * The sorted finite values of several arrays (as {@link sortedFinite}), handed out one at a time
 * by `get`: while the calling thread works through the list from the start (sorting each array
 * it asks for that no worker has started, then doing its own work with it), worker threads sort
 * arrays from the end, so the sorts of a wide table overlap with what the caller does between
 * them. An array is read (its source function called) once, by the calling thread. Arrays a
 * worker sorted are backed by a SharedArrayBuffer that nothing writes any more. Call `release`
 * when done: arrays not asked for are then no longer sorted or kept.
 *
 * @example
 * const sorted = sortedFiniteSequence(columns.map((c) => () => c.values));
 * for (let i = 0; i < columns.length; i++) use(sorted.get(i));
 * sorted.release();
 */
export function sortedFiniteSequence(sources: readonly (() => Float64Array)[], threads = defaultSortThreads()): SortedSequence {
  const m = sources.length;
  const workers = m > 1 && threads > 1 ? sortWorkers(Math.min(Math.floor(threads), MAX_SORT_THREADS) - 1) : null;
  const done = new Array<Float64Array | undefined>(m);
  // Short arrays read while handing out work, kept for the caller to sort.
  const short = new Map<number, Float64Array>();
  const own = (i: number): Float64Array => {
    const values = short.get(i) ?? sources[i]!();
    short.delete(i);
    return sortedFinite(values, 1);
  };
  if (!workers) {
    return { get: (i) => (done[i] ??= own(i)), release: () => done.fill(undefined) };
  }
  const jobs = new SortJobs(m, 0);
  const handed = new Map<number, { values: Float64Array; k: number }>();
  let next = m - 1;
  let highestAsked = -1;
  let broken = false;
  const handOut = (): void => {
    let waiting = 0;
    for (const i of handed.keys()) if (jobs.unclaimed(i)) waiting++;
    // Two waiting arrays per worker keep it busy until the caller next asks.
    for (; next > highestAsked && waiting < 2 * workers.length; next--) {
      const values = sources[next]!();
      if (values.length < SEQUENCE_MIN) {
        short.set(next, values);
        continue;
      }
      const copy = new Float64Array(new SharedArrayBuffer(values.length * Float64Array.BYTES_PER_ELEMENT));
      const k = copyFinite(values, copy);
      handed.set(next, { values: copy, k });
      jobs.post(workers[next % workers.length]!, next, copy.buffer, 0, k);
      waiting++;
    }
  };
  return {
    get(i) {
      let sorted = done[i];
      if (sorted) return sorted;
      highestAsked = Math.max(highestAsked, i);
      if (!broken) handOut();
      const h = handed.get(i);
      handed.delete(i);
      if (!h || broken || jobs.claim(i)) sorted = own(i);
      else if (jobs.awaitWorker(i, h.values.length)) sorted = h.values.subarray(0, h.k);
      else {
        broken = true;
        sorted = own(i);
      }
      done[i] = sorted;
      return sorted;
    },
    release() {
      // Claiming marks what a worker has not started as taken, so it skips those arrays.
      for (const i of handed.keys()) jobs.claim(i);
      handed.clear();
      short.clear();
      done.fill(undefined);
      next = -1;
    },
  };
}

/** What {@link sortedFiniteSequence} returns. */
export interface SortedSequence {
  /** The sorted finite values of array `i`, computed once. */
  get(i: number): Float64Array;
  /** Forgets every array and stops handing out new work. */
  release(): void;
}

function copyFinite(values: Float64Array, out: Float64Array): number {
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return k;
}

/**
 * Proportion of sorted values in each bin `(-inf, e0], (e0, e1], ..., (e_last, inf)`: numpy's
 * `searchsorted(edges, x)` (side left) convention, as the PSI peer uses. `sorted` must be
 * ascending and free of NaN.
 */
export function binProportions(sorted: Float64Array, edges: readonly number[]): number[] {
  // The values are sorted, so each bin is a slice: find where each edge is passed (the first
  // later value above it) by binary search, O(bins log n) instead of a walk over every value.
  const n = sorted.length;
  const counts = new Array<number>(edges.length + 1).fill(0);
  let start = 0;
  for (let b = 0; b < edges.length; b++) {
    const e = edges[b]!;
    let lo = start;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! > e) hi = mid;
      else lo = mid + 1;
    }
    counts[b] = lo - start;
    start = lo;
  }
  counts[edges.length] = n - start;
  return counts.map((c) => (n > 0 ? c / n : 0));
}

/** Equal-width histogram of sorted values between `lo` and `hi`. */
export function histogram(sorted: Float64Array, lo: number, hi: number, bins: number): { edges: number[]; counts: number[] } {
  const width = hi > lo ? (hi - lo) / bins : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (v < lo || v > hi) continue;
    const b = Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b]!++;
  }
  return { edges, counts };
}

// Sorting on several threads. Workers sort jobs in shared buffers; a shared state per job says who
// sorts it, so the calling thread can take over any job no worker has started (it never waits for
// a worker that is busy elsewhere or still booting) and, blocked on Atomics.wait, learns without
// an event loop when a worker finishes.

/** Arrays shorter than this are sorted on one thread: below it, handing work over costs more than it saves. */
export const PARALLEL_SORT_MIN = 1 << 17;
/** Arrays of a sequence shorter than this are sorted by the caller. */
const SEQUENCE_MIN = 1 << 14;
/** Most threads sorting at once (merge passes grow with the runs; the gain stops at the memory bandwidth). */
const MAX_SORT_THREADS = 4;

const UNCLAIMED = 0;
const CALLER = 1;
const WORKER = 2;
const SORTED = 3;

// The worker claims a job (0 -> 2), sorts it in place, and stores 3 (done) or 4 (failed).
const SORT_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ buffer, from, to, states, slot }) => {
  if (Atomics.compareExchange(states, slot, 0, 2) !== 0) return;
  let state = 3;
  try { new Float64Array(buffer, from * 8, to - from).sort(); } catch { state = 4; }
  Atomics.store(states, slot, state);
  Atomics.notify(states, slot);
});`;

/** The states of a set of sort jobs, shared with the workers. */
class SortJobs {
  private readonly states: Int32Array;

  /** `size` values per job, for the time a worker is granted (0: give it per wait). */
  constructor(count: number, private readonly size: number) {
    this.states = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
  }

  post(worker: Worker, slot: number, buffer: ArrayBufferLike, from: number, to: number): void {
    worker.postMessage({ buffer, from, to, states: this.states, slot });
  }

  unclaimed(slot: number): boolean {
    return Atomics.load(this.states, slot) === UNCLAIMED;
  }

  /** Takes job `slot` for the calling thread if no worker has: true when the caller must sort it. */
  claim(slot: number): boolean {
    return Atomics.compareExchange(this.states, slot, UNCLAIMED, CALLER) === UNCLAIMED;
  }

  /**
   * Waits for the job a worker took; false when it failed or overran its time (10 s plus 20 ms per
   * 1,000 values, some 100 times what the sort takes), after which the pool is not used again.
   */
  awaitWorker(slot: number, size = this.size): boolean {
    const deadline = performance.now() + 10_000 + 0.02 * size;
    let state = Atomics.load(this.states, slot);
    while (state === WORKER && performance.now() < deadline) {
      Atomics.wait(this.states, slot, WORKER, deadline - performance.now());
      state = Atomics.load(this.states, slot);
    }
    if (state === SORTED) return true;
    workerPool = null;
    return false;
  }
}

function defaultSortThreads(): number {
  return Math.min(MAX_SORT_THREADS, availableParallelism());
}

/** Started on first use, never keeping the process alive; null once one failed. */
let workerPool: Worker[] | null = [];

function sortWorkers(count: number): Worker[] | null {
  if (workerPool === null || count < 1) return null;
  try {
    while (workerPool.length < count) {
      const w = new Worker(SORT_WORKER_SOURCE, { eval: true });
      w.unref();
      const retire = (): void => {
        workerPool = null;
      };
      w.on('error', retire);
      w.on('exit', retire);
      workerPool.push(w);
    }
  } catch {
    workerPool = null;
    return null;
  }
  return workerPool.slice(0, count);
}

/** Merges the sorted runs `[bounds[r], bounds[r + 1])` of `src` pairwise into one sorted, unshared array. */
function mergeRuns(src: Float64Array, bounds: readonly number[]): Float64Array {
  const k = bounds[bounds.length - 1]!;
  let from: Float64Array = src.subarray(0, k);
  let to: Float64Array = new Float64Array(k);
  let cuts = bounds;
  while (cuts.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < cuts.length; r += 2) {
      if (r + 2 < cuts.length) mergeTwo(from, cuts[r]!, cuts[r + 1]!, cuts[r + 2]!, to);
      else to.set(from.subarray(cuts[r]!, cuts[r + 1]!), cuts[r]!);
      next.push(cuts[Math.min(r + 2, cuts.length - 1)]!);
    }
    [from, to] = [to, from];
    cuts = next;
  }
  return from.buffer instanceof SharedArrayBuffer ? from.slice() : from;
}

/** Merges the adjacent sorted runs `[a, m)` and `[m, b)` of `src` into `dst[a, b)`, -0 before +0 as the native sort. */
function mergeTwo(src: Float64Array, a: number, m: number, b: number, dst: Float64Array): void {
  let i = a;
  let j = m;
  let o = a;
  while (i < m && j < b) {
    const u = src[i]!;
    const v = src[j]!;
    if (v < u || (v === 0 && u === 0 && Object.is(v, -0) && !Object.is(u, -0))) {
      dst[o++] = v;
      j++;
    } else {
      dst[o++] = u;
      i++;
    }
  }
  while (i < m) dst[o++] = src[i++]!;
  while (j < b) dst[o++] = src[j++]!;
}
