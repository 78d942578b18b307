/**
 * Sample quantiles by numpy's default method, 'linear' (Hyndman & Fan 1996, definition 7): the
 * value at virtual index h = (n − 1) p of the sorted sample, interpolated between its neighbours
 * with numpy's own arithmetic (`a + (b − a) t` below t = 0.5, `b − (b − a)(1 − t)` from there), so
 * results match `numpy.quantile` bit for bit, infinities included.
 */
import { invalidInput } from '../core/errors.js';
import { quickselect } from './selection.js';

/** Beyond this many distinct order statistics a full sort beats repeated selection. */
const SELECT_MAX_INDICES = 16;

function assertProbability(p: number, op: string): void {
  if (!(p >= 0 && p <= 1)) throw invalidInput(`${op}: probability ${p} must be within [0, 1]`);
}

/** numpy's linear interpolation at probability p over n sorted values read through `at`. */
function linear(at: (i: number) => number, n: number, p: number): number {
  const h = (n - 1) * p;
  let lo: number;
  let hi: number;
  // numpy marks the top end with index −1 (the last element) and keeps −1 in the weight.
  let base: number;
  if (h >= n - 1) {
    lo = n - 1;
    hi = n - 1;
    base = -1;
  } else {
    lo = Math.floor(h);
    hi = lo + 1;
    base = lo;
  }
  const t = h - base;
  const a = at(lo);
  const b = at(hi);
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * The p-quantile of values already sorted ascending (numpy 'linear' method; `numpy.quantile` on
 * the same values gives the same number).
 *
 * Preconditions, not checked beyond the last element (a full check would cost what the sort
 * saved): `sortedValues` is ascending and free of NaN. A NaN at the end (where a NaN-last sort
 * such as {@link sortedCopy} puts it) is rejected.
 *
 * @param sortedValues ascending, NaN-free, at least one value
 * @param p probability in [0, 1]
 * @throws AntidoteError `invalid_input` for an empty array, a trailing NaN, or p outside [0, 1].
 *
 * @example
 * quantileSorted(new Float64Array([1, 2, 3, 4]), 0.5); // 2.5
 */
export function quantileSorted(sortedValues: ArrayLike<number>, p: number): number {
  const n = sortedValues.length;
  if (n === 0) throw invalidInput('quantile: no values; a quantile needs at least one');
  if (Number.isNaN(sortedValues[n - 1]!)) {
    throw invalidInput('quantile: sortedValues ends with NaN; it must be sorted and free of NaN (quantiles() skips NaN)');
  }
  assertProbability(p, 'quantile');
  return linear((i) => sortedValues[i]!, n, p);
}

/** Alias of {@link quantileSorted}: the p-quantile of ascending, NaN-free values. */
export const quantile = quantileSorted;

/**
 * Several quantiles of unsorted values (numpy 'linear' method), without sorting them all: the
 * needed order statistics are selected in ascending order, each within what the previous one
 * left, so a few quantiles cost O(n) (a full sort is used beyond 16 distinct order statistics).
 *
 * NaN values are skipped, as `numpy.nanquantile` does: NaN marks a missing value in Antidote's
 * columns. The input is not modified.
 *
 * @param values the sample, in any order; NaN entries are ignored
 * @param probs probabilities in [0, 1]
 * @returns one quantile per probability, in the order given
 * @throws AntidoteError `invalid_input` when no non-NaN value remains, or a probability is outside [0, 1].
 *
 * @example
 * quantiles([3, NaN, 1, 2], [0, 0.5, 1]); // Float64Array [1, 2, 3]
 */
export function quantiles(values: ArrayLike<number>, probs: ArrayLike<number>): Float64Array {
  for (let i = 0; i < probs.length; i++) assertProbability(probs[i]!, 'quantiles');
  let n = 0;
  const work = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) work[n++] = v;
  }
  if (n === 0) {
    throw invalidInput(`quantiles: no values to take quantiles of (${values.length} given, all NaN or none)`);
  }
  const sample = work.subarray(0, n);

  const needed = new Set<number>();
  for (let i = 0; i < probs.length; i++) {
    const h = (n - 1) * probs[i]!;
    const lo = Math.min(n - 1, Math.floor(h));
    needed.add(lo);
    if (lo + 1 < n) needed.add(lo + 1);
  }
  if (needed.size > SELECT_MAX_INDICES) {
    sample.sort();
  } else {
    let from = 0;
    for (const k of [...needed].sort((a, b) => a - b)) {
      // Everything before `from` is already no larger than what is left: select within the rest.
      quickselect(sample, k, from, n - 1);
      from = k + 1;
    }
  }
  const out = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) out[i] = linear((j) => sample[j]!, n, probs[i]!);
  return out;
}
