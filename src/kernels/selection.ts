/**
 * Selection of the k-th smallest value in place (Hoare 1961, "Algorithm 65: Find"), with a
 * median-of-three pivot and, like introselect (Musser 1997), a work budget after which the rest
 * of the range is sorted: expected O(n), never worse than O(n log n), even on inputs crafted
 * against the pivot rule.
 */
import { invalidInput } from '../core/errors.js';
import type { FloatArray } from './float-array.js';

/** Ranges at most this long are finished by insertion sort. */
const SMALL_RANGE = 16;

/**
 * Rearranges `values[left..right]` in place so that `values[k]` holds the value that would be there
 * if the range were sorted ascending, every value in `[left, k)` is `<=` it and every value in
 * `(k, right]` is `>=` it (the C++ `nth_element` contract).
 *
 * NaN values are rejected, since they have no place in the order: remove missing values first
 * ({@link quantiles} skips them).
 *
 * @param values the array to rearrange (in place)
 * @param k the index to settle, `left <= k <= right`
 * @param left first index of the range (default 0)
 * @param right last index of the range, inclusive (default `values.length - 1`)
 * @returns `values[k]` after the rearrangement
 * @throws AntidoteError `invalid_input` for an index out of range or a NaN in the range.
 *
 * @example
 * const v = new Float64Array([5, 1, 4, 2, 3]);
 * quickselect(v, 2); // 3; v[0..2) holds {1, 2}, v(2..4] holds {4, 5}
 */
export function quickselect(values: FloatArray, k: number, left = 0, right = values.length - 1): number {
  if (!Number.isInteger(left) || !Number.isInteger(right) || left < 0 || right >= values.length || left > right) {
    throw invalidInput(`quickselect: range [${left}, ${right}] is not within an array of length ${values.length}`);
  }
  if (!Number.isInteger(k) || k < left || k > right) {
    throw invalidInput(`quickselect: k = ${k} is outside the range [${left}, ${right}]`);
  }
  for (let i = left; i <= right; i++) {
    if (Number.isNaN(values[i]!)) throw invalidInput(`quickselect: values[${i}] is NaN; remove missing values before selecting`);
  }
  select(values, k, left, right);
  return values[k]!;
}

function select(a: FloatArray, k: number, left: number, right: number): void {
  let lo = left;
  let hi = right;
  // Median-of-three quickselect scans ~3n elements on average; 12n means the pivots are bad.
  let budget = 12 * (right - left + 1) + 64;
  while (hi - lo >= SMALL_RANGE) {
    budget -= hi - lo + 1;
    if (budget < 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = lo + ((hi - lo) >> 1);
    // Order a[lo] <= a[mid] <= a[hi]: the ends then stop both scans without bounds checks.
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and everything strictly between j and i equals pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
  insertionSort(a, lo, hi);
}

function insertionSort(a: FloatArray, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

function swap(a: FloatArray, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
