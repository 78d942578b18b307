/**
 * Sorting kernels over numeric arrays, with numpy's and scipy's conventions: ascending, NaN
 * last (`numpy.sort`), stable index order (`numpy.argsort(kind='stable')`) and average ranks for
 * ties (`scipy.stats.rankdata(method='average')`).
 */
import { invalidInput } from '../core/errors.js';
import type { FloatArray } from './float-array.js';

/**
 * A sorted copy: ascending, NaN last, by the native numeric typed-array sort (no comparator
 * call per pair). A Float32Array stays float32; anything else becomes a Float64Array.
 *
 * @example
 * sortedCopy([3, NaN, -1]); // Float64Array [-1, 3, NaN]
 */
export function sortedCopy(values: Float32Array): Float32Array;
export function sortedCopy(values: Float64Array | ArrayLike<number>): Float64Array;
export function sortedCopy(values: FloatArray | ArrayLike<number>): FloatArray {
  const copy = values instanceof Float32Array ? values.slice() : Float64Array.from(values);
  return copy.sort();
}

/**
 * The indices that sort `values` ascending, NaN last; equal values keep their input order
 * (stable, as `numpy.argsort(values, kind='stable')`).
 *
 * @returns a permutation of 0..n−1 such that `values[idx[0]] <= values[idx[1]] <= ...`
 * @throws AntidoteError `invalid_input` for more than 2³² − 1 values.
 *
 * @example
 * argsort([3, 1, NaN, 1]); // Uint32Array [1, 3, 0, 2]
 */
export function argsort(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  if (n > 0xffffffff) throw invalidInput(`argsort: ${n} values exceed the 2^32 - 1 a Uint32Array index can hold`);
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  // The index tie-break makes the order stable whatever sort the engine uses.
  return idx.sort((i, j) => {
    const a = values[i]!;
    const b = values[j]!;
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return i - j;
    const aNaN = Number.isNaN(a);
    const bNaN = Number.isNaN(b);
    if (aNaN && bNaN) return i - j;
    return aNaN ? 1 : -1;
  });
}

/** What {@link rankData} does with NaN values. */
export const RANK_NAN_POLICIES = ['raise', 'omit'] as const;

/** One of {@link RANK_NAN_POLICIES}. */
export type RankNanPolicy = (typeof RANK_NAN_POLICIES)[number];

/** Options of {@link rankData}. */
export interface RankDataOptions {
  /**
   * `raise` (default): a NaN is an error. `omit`: NaN entries get rank NaN and the others are
   * ranked among themselves, as `scipy.stats.rankdata(..., nan_policy='omit')`.
   */
  readonly nanPolicy?: RankNanPolicy;
}

/**
 * Ranks from 1 to n, ties given the average of the ranks they span, as
 * `scipy.stats.rankdata(values, method='average')`.
 *
 * @throws AntidoteError `invalid_input` for a NaN under the default `raise` policy (naming its
 *   index) or an unknown policy.
 *
 * @example
 * rankData([10, 20, 10, 30]); // Float64Array [1.5, 3, 1.5, 4]
 */
export function rankData(values: ArrayLike<number>, options: RankDataOptions = {}): Float64Array {
  const policy = options.nanPolicy ?? 'raise';
  if (!(RANK_NAN_POLICIES as readonly string[]).includes(policy)) {
    throw invalidInput(`rankData: unknown nanPolicy "${String(policy)}"; available: ${RANK_NAN_POLICIES.join(', ')}`);
  }
  const n = values.length;
  const ranks = new Float64Array(n);
  if (policy === 'raise') {
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(values[i]!)) throw invalidInput(`rankData: values[${i}] is NaN; pass { nanPolicy: 'omit' } to rank around missing values`);
    }
  }
  const order = argsort(values);
  let i = 0;
  while (i < n) {
    const v = values[order[i]!]!;
    if (Number.isNaN(v)) {
      // NaN sorts last: everything from here on is missing.
      for (; i < n; i++) ranks[order[i]!] = NaN;
      break;
    }
    let j = i + 1;
    while (j < n && values[order[j]!]! === v) j++;
    // Positions i..j-1 (0-based) share the mean of ranks i+1..j.
    const average = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) ranks[order[t]!] = average;
    i = j;
  }
  return ranks;
}
