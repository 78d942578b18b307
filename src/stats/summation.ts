/**
 * Summation of many doubles: numpy's pairwise summation (Higham 1993, "The accuracy of floating
 * point summation"; numpy/core/src/umath/loops_utils.h.src), reproduced in the same order so sums
 * round as numpy's np.sum does, and Neumaier's (1974) compensated running sum.
 */

const BLOCK = 128;

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= BLOCK) {
    // Eight interleaved accumulators, combined as a tree, then the leftover tail.
    let r0 = a[start]!;
    let r1 = a[start + 1]!;
    let r2 = a[start + 2]!;
    let r3 = a[start + 3]!;
    let r4 = a[start + 4]!;
    let r5 = a[start + 5]!;
    let r6 = a[start + 6]!;
    let r7 = a[start + 7]!;
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      r0 += a[start + i]!;
      r1 += a[start + i + 1]!;
      r2 += a[start + i + 2]!;
      r3 += a[start + i + 3]!;
      r4 += a[start + i + 4]!;
      r5 += a[start + i + 5]!;
      r6 += a[start + i + 6]!;
      r7 += a[start + i + 7]!;
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/**
 * The sum of `values` in numpy's pairwise order (np.sum of a contiguous float64 array): error
 * O(log n) ulps, and the same rounding as the numpy reference values.
 *
 * @example
 * pairwiseSum(Float64Array.of(0.1, 0.2, 0.3)); // 0.6000000000000001, as np.sum
 */
export function pairwiseSum(values: ArrayLike<number>): number {
  return pairwise(values, 0, values.length);
}

/** A running sum that carries the rounding error of every addition (Neumaier's variant of Kahan). */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  /** Adds one term. */
  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  /** The sum so far. */
  value(): number {
    return this.sum + this.compensation;
  }
}
