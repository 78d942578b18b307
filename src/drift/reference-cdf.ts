/**
 * The reference distribution function reconstructed from a baseline's quantile sketch (values at
 * probabilities 0, 1/Q, ..., 1): piecewise linear between knots, jumping where knots repeat.
 * Exact for a sketch that holds every value; otherwise within 1/Q of the true CDF.
 */

/** F(x) = P(X <= x) from the knots (right-continuous). */
export function sketchCdf(knots: ArrayLike<number>, x: number): number {
  return sketchCdfImpl(knots, x, false);
}

/** F(x-) = P(X < x) from the knots (the left limit). */
export function sketchCdfLeft(knots: ArrayLike<number>, x: number): number {
  return sketchCdfImpl(knots, x, true);
}

function sketchCdfImpl(q: ArrayLike<number>, x: number, strict: boolean): number {
  const Q = q.length - 1;
  if (Q < 1) return x >= (q[0] ?? Infinity) ? 1 : 0;
  // i = the last knot with q[i] <= x (or < x for the left limit).
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? q[mid]! < x : q[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  if (i < 0) return 0;
  if (i >= Q) return 1;
  const a = q[i]!;
  const b = q[i + 1]!;
  const frac = b > a ? (x - a) / (b - a) : 0;
  return (i + frac) / Q;
}

/**
 * Two-sample KS distance between a sorted batch and the sketch: the largest gap between the batch's
 * empirical CDF and the sketch CDF, checked on both sides of every batch jump (between jumps the
 * batch CDF is flat and the sketch CDF monotone, so the gap peaks at the ends).
 */
export function ksDistanceToSketch(sortedBatch: Float64Array, knots: ArrayLike<number>): number {
  const n = sortedBatch.length;
  let d = 0;
  let i = 0;
  while (i < n) {
    const x = sortedBatch[i]!;
    let j = i;
    while (j < n && sortedBatch[j] === x) j++;
    const before = i / n;
    const after = j / n;
    d = Math.max(d, Math.abs(sketchCdfLeft(knots, x) - before), Math.abs(sketchCdf(knots, x) - after));
    i = j;
  }
  return d;
}
