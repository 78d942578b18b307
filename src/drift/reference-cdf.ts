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
 *
 * Both the batch and the knots are sorted, so one merge walk finds the knot interval of every
 * batch value in O(n + Q) instead of a binary search per value: the same intervals, hence the same
 * arithmetic and the same result as evaluating {@link sketchCdfLeft} and {@link sketchCdf} at each value.
 */
export function ksDistanceToSketch(sortedBatch: Float64Array, knots: ArrayLike<number>): number {
  const n = sortedBatch.length;
  const Q = knots.length - 1;
  if (Q < 1) return ksDistanceBySearch(sortedBatch, knots);
  let d = 0;
  // below = knots < x, atOrBelow = knots <= x: both only grow as x does.
  let below = 0;
  let atOrBelow = 0;
  let i = 0;
  while (i < n) {
    const x = sortedBatch[i]!;
    let j = i + 1;
    while (j < n && sortedBatch[j] === x) j++;
    while (below <= Q && knots[below]! < x) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow <= Q && knots[atOrBelow]! <= x) atOrBelow++;
    const left = cdfInInterval(knots, below - 1, x, Q);
    // Unless x is itself a knot, no knot lies in [x, x] and both limits agree.
    const right = atOrBelow === below ? left : cdfInInterval(knots, atOrBelow - 1, x, Q);
    const gapBefore = Math.abs(left - i / n);
    const gapAfter = Math.abs(right - j / n);
    if (gapBefore > d) d = gapBefore;
    if (gapAfter > d) d = gapAfter;
    i = j;
  }
  return d;
}

/** The sketch CDF at x given i, the last knot at or below x (as {@link sketchCdfImpl} computes it once it has found i). */
function cdfInInterval(q: ArrayLike<number>, i: number, x: number, Q: number): number {
  if (i < 0) return 0;
  if (i >= Q) return 1;
  const a = q[i]!;
  const b = q[i + 1]!;
  const frac = b > a ? (x - a) / (b - a) : 0;
  return (i + frac) / Q;
}

/** The reference computation: both sketch CDFs by binary search at every distinct batch value. */
function ksDistanceBySearch(sortedBatch: Float64Array, knots: ArrayLike<number>): number {
  const n = sortedBatch.length;
  let d = 0;
  let i = 0;
  while (i < n) {
    const x = sortedBatch[i]!;
    let j = i;
    while (j < n && sortedBatch[j] === x) j++;
    d = Math.max(d, Math.abs(sketchCdfLeft(knots, x) - i / n), Math.abs(sketchCdf(knots, x) - j / n));
    i = j;
  }
  return d;
}
