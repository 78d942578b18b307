/**
 * Per-coordinate order statistics over the clients of a round (median, trimmed mean): the kernel
 * under the coordinate-wise rules (Yin et al. 2018).
 *
 * Memory layout: the updates arrive client-major (one long row per client), but selection needs
 * the n values of one coordinate together. The kernel copies blocks of {@link BLOCK_COORDINATES}
 * coordinates into a coordinate-major double-precision scratch (n values per coordinate,
 * contiguous; the block stays in the core's cache) and runs Hoare's quickselect (Hoare 1961) with
 * a median-of-three pivot on each column. Rounds of at least {@link PARALLEL_MIN_VALUES} values
 * split the coordinates with one worker thread; the call stays synchronous (the caller computes
 * its half, then blocks on `Atomics.wait`), and the result does not depend on the thread count.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { invalidInput } from '../../core/errors.js';

/** Coordinates per transposed block (n x 512 doubles: 400 KB for 100 clients). */
export const BLOCK_COORDINATES = 512;
/** Rounds with fewer values (clients x coordinates) than this run on the calling thread only. */
export const PARALLEL_MIN_VALUES = 1 << 22;

/** Which statistic to compute per coordinate. */
export type OrderStatistic = { readonly kind: 'median' } | { readonly kind: 'trimmed-mean'; readonly cut: number };

/** Threading options of the coordinate-wise rules. */
export interface OrderStatisticOptions {
  /** Threads to use, 1 or 2 (default: 2 when the machine has two cores and the round is large). */
  readonly threads?: number;
}

/**
 * Per coordinate j, the median (mean of the two middle values for an even count) or the mean of
 * the values ranked `[cut, n − cut)` of `rows[0][j], ..., rows[n−1][j]`.
 *
 * @param rows the clients' vectors, all of one length (checked by the caller)
 * @throws AntidoteError `invalid_input` for a cut that leaves no value, or threads other than 1 or 2.
 */
export function coordinateOrderStatistic(rows: readonly Float32Array[], stat: OrderStatistic, options: OrderStatisticOptions = {}): Float32Array {
  const n = rows.length;
  const d = rows[0]!.length;
  const cut = stat.kind === 'median' ? -1 : stat.cut;
  if (cut >= 0 && n - 2 * cut < 1) throw invalidInput(`trimming ${cut} values from each end of ${n} leaves none; cut at most ${Math.floor((n - 1) / 2)}`);
  const threads = options.threads ?? (n * d >= PARALLEL_MIN_VALUES ? Math.min(2, availableParallelism()) : 1);
  if (threads !== 1 && threads !== 2) throw invalidInput(`option threads is ${String(threads)}; it must be 1 or 2`, { path: ['options', 'threads'] });
  const out = new Float32Array(d);
  const worker = threads === 2 && d >= 2 ? selectionWorker() : null;
  if (!worker) {
    orderStatisticKernel(rows, n, 0, d, out, 0, cut);
    return out;
  }
  // The worker takes the upper half of the coordinates; it reads rows from shared memory (the
  // caller's own when the updates already live in SharedArrayBuffers, else a copy of that half).
  const half = d >> 1;
  const width = d - half;
  const shared = rows.every((r) => r.buffer instanceof SharedArrayBuffer);
  const copy = shared ? null : new Float32Array(new SharedArrayBuffer(n * width * 4));
  if (copy) for (let i = 0; i < n; i++) copy.set(rows[i]!.subarray(half), i * width);
  const views = copy
    ? rows.map((_, i) => ({ buffer: copy.buffer, byteOffset: i * width * 4 }))
    : rows.map((r) => ({ buffer: r.buffer, byteOffset: r.byteOffset + half * 4 }));
  const result = new Float32Array(new SharedArrayBuffer(width * 4));
  const state = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ views, n, width, result: result.buffer, state: state.buffer, cut });
  orderStatisticKernel(rows, n, 0, half, out, 0, cut);
  const deadline = performance.now() + 60_000 + n * width * 1e-4;
  while (Atomics.load(state, 0) === 0 && performance.now() < deadline) Atomics.wait(state, 0, 0, deadline - performance.now());
  if (Atomics.load(state, 0) === 1) {
    out.set(result, half);
    return out;
  }
  // The worker failed or never answered: drop it and finish here, so the result is still exact.
  retireWorker();
  orderStatisticKernel(rows, n, half, d, out, half, cut);
  return out;
}

/**
 * The kernel, self-contained (no calls, no closures) because its source text also runs in the
 * worker: for coordinates `[from, to)` of `rows`, writes the statistic to `out[outOffset + j − from]`.
 * `cut < 0` asks for the median, otherwise for the mean of ranks `[cut, n − cut)`.
 */
export function orderStatisticKernel(rows: readonly Float32Array[], n: number, from: number, to: number, out: Float32Array, outOffset: number, cut: number): void {
  const B = 512;
  const blk = new Float64Array(B * n);
  const half = n >> 1;
  for (let c0 = from; c0 < to; c0 += B) {
    const w = Math.min(B, to - c0);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      for (let j = 0, o = i; j < w; j++, o += n) blk[o] = r[c0 + j]!;
    }
    for (let j = 0; j < w; j++) {
      const base = j * n;
      // One target rank (median) or two (the trimmed range's ends), each settled by quickselect
      // within [lo, base + n): after the first, everything below it is already in place.
      const targets = cut < 0 ? 1 : cut === 0 ? 0 : 2;
      let lo0 = base;
      for (let t = 0; t < targets; t++) {
        const k = base + (cut < 0 ? half : t === 0 ? cut : n - cut - 1);
        let lo = lo0;
        let hi = base + n - 1;
        while (hi - lo >= 16) {
          const mid = lo + ((hi - lo) >> 1);
          let tmp = 0;
          if (blk[mid]! < blk[lo]!) { tmp = blk[mid]!; blk[mid] = blk[lo]!; blk[lo] = tmp; }
          if (blk[hi]! < blk[lo]!) { tmp = blk[hi]!; blk[hi] = blk[lo]!; blk[lo] = tmp; }
          if (blk[hi]! < blk[mid]!) { tmp = blk[hi]!; blk[hi] = blk[mid]!; blk[mid] = tmp; }
          const pivot = blk[mid]!;
          let a = lo;
          let b = hi;
          while (a <= b) {
            while (blk[a]! < pivot) a++;
            while (blk[b]! > pivot) b--;
            if (a <= b) { tmp = blk[a]!; blk[a] = blk[b]!; blk[b] = tmp; a++; b--; }
          }
          if (k <= b) hi = b;
          else if (k >= a) lo = a;
          else { lo = k; hi = k; }
        }
        for (let a = lo + 1; a <= hi; a++) {
          const v = blk[a]!;
          let b = a - 1;
          while (b >= lo && blk[b]! > v) { blk[b + 1] = blk[b]!; b--; }
          blk[b + 1] = v;
        }
        lo0 = k;
      }
      if (cut < 0) {
        const upper = blk[base + half]!;
        if (n & 1) out[outOffset + c0 - from + j] = upper;
        else {
          let lower = -Infinity;
          for (let a = base; a < base + half; a++) if (blk[a]! > lower) lower = blk[a]!;
          out[outOffset + c0 - from + j] = (lower + upper) / 2;
        }
      } else {
        let s = 0;
        for (let a = base + cut; a < base + n - cut; a++) s += blk[a]!;
        out[outOffset + c0 - from + j] = s / (n - 2 * cut);
      }
    }
  }
}

// The worker runs the same kernel, from its source text, on the upper half of the coordinates and
// stores 1 (done) or 2 (failed) in the shared state.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const orderStatisticKernel = (${orderStatisticKernel.toString()});
parentPort.on('message', ({ views, n, width, result, state, cut }) => {
  const flag = new Int32Array(state);
  let code = 1;
  try {
    const rows = views.map((v) => new Float32Array(v.buffer, v.byteOffset, width));
    orderStatisticKernel(rows, n, 0, width, new Float32Array(result), 0, cut);
  } catch { code = 2; }
  Atomics.store(flag, 0, code);
  Atomics.notify(flag, 0);
});`;

/** The one selection worker, started on first use and never keeping the process alive; null once it failed. */
let pool: { worker: Worker | null } | null = { worker: null };

function selectionWorker(): Worker | null {
  if (pool === null) return null;
  if (pool.worker) return pool.worker;
  try {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('error', retireWorker);
    w.on('exit', retireWorker);
    pool.worker = w;
    return w;
  } catch {
    pool = null;
    return null;
  }
}

function retireWorker(): void {
  const w = pool?.worker;
  pool = null;
  void w?.terminate();
}
