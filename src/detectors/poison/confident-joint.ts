/**
 * The confident joint of confident learning (Northcutt, Jiang & Chuang 2021, section 3.1), as
 * cleanlab's `count.py` computes it: per-class thresholds, the K x K counts of (given label, likely
 * true label) over confidently predicted rows, and its calibration to the label counts. Sums follow
 * numpy's pairwise order and rounding is numpy's half-to-even, so counts match cleanlab exactly
 * (scripts/fixtures/poison_fixtures.py re-implements cleanlab in numpy to pin this).
 */

/** cleanlab's FLOATING_POINT_COMPARISON: a probability within this of the threshold counts as reaching it. */
const FLOATING_POINT_COMPARISON = 1e-6;
/** cleanlab's CONFIDENT_THRESHOLDS_LOWER_BOUND. */
const THRESHOLD_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON;
/** cleanlab's TINY_VALUE (clip before dividing). */
const TINY_VALUE = 1e-100;
/** Threshold of a class no row carries: above any probability, so nothing is counted into it. */
const ABSENT_CLASS_THRESHOLD = 2;

/**
 * numpy's `sum` of a contiguous float64 array: pairwise summation with eight accumulators per
 * block of up to 128 values (numpy's `pairwise_sum`), so results agree to the last bit.
 */
export function numpySum(a: ArrayLike<number>, start = 0, end = a.length): number {
  const n = end - start;
  if (n < 8) {
    let res = 0;
    for (let i = start; i < end; i++) res += a[i]!;
    return res;
  }
  if (n <= 128) {
    const r = [a[start]!, a[start + 1]!, a[start + 2]!, a[start + 3]!, a[start + 4]!, a[start + 5]!, a[start + 6]!, a[start + 7]!];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[start + i + j]!;
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return numpySum(a, start, start + n2) + numpySum(a, start + n2, end);
}

/** numpy's `round` (half to even). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Row counts per class, as cleanlab's `value_counts_fill_missing_classes`. */
export function labelCounts(codes: Int32Array, classes: number): Float64Array {
  const out = new Float64Array(classes);
  for (let i = 0; i < codes.length; i++) out[codes[i]!]!++;
  return out;
}

/**
 * Per-class thresholds t_j: the mean predicted probability of class j over the rows labelled j
 * (2 for a class no row carries), clipped below at 2e-6, as cleanlab's `get_confident_thresholds`.
 *
 * @param codes given labels, each in [0, classes)
 * @param probs predicted probabilities, row-major `rows x classes`
 */
export function confidentThresholds(codes: Int32Array, probs: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(classes);
  const values: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < codes.length; i++) values[codes[i]!]!.push(probs[i * classes + codes[i]!]!);
  for (let k = 0; k < classes; k++) {
    const v = values[k]!;
    const t = v.length === 0 ? ABSENT_CLASS_THRESHOLD : numpySum(v) / v.length;
    out[k] = Math.max(t, THRESHOLD_LOWER_BOUND);
  }
  return out;
}

/** Index of the first largest value of row i (numpy's `argmax`). */
export function rowArgmax(probs: Float64Array, i: number, classes: number): number {
  let best = 0;
  for (let k = 1; k < classes; k++) if (probs[i * classes + k]! > probs[i * classes + best]!) best = k;
  return best;
}

/** The confident joint and the rows counted off its diagonal. */
export interface ConfidentJoint {
  /** Counts, row-major `classes x classes`: entry (i, j) = rows given label i whose likely true label is j. */
  readonly joint: Float64Array;
  /** Rows counted with a likely true label other than their given one (cleanlab's `indices_off_diagonal`). */
  readonly offDiagonal: Uint32Array;
  /** The thresholds used. */
  readonly thresholds: Float64Array;
}

/**
 * cleanlab's `compute_confident_joint`: a row is confidently of class j when p̂_j >= t_j − 1e-6;
 * with several such classes the largest probability wins; rows confident in none are not
 * counted. The diagonal is raised to at least 1, then (by default) calibrated with
 * {@link calibrateConfidentJoint}.
 */
export function computeConfidentJoint(codes: Int32Array, probs: Float64Array, classes: number, calibrate = true): ConfidentJoint {
  const thresholds = confidentThresholds(codes, probs, classes);
  const joint = new Float64Array(classes * classes);
  const off: number[] = [];
  for (let i = 0; i < codes.length; i++) {
    let confident = 0;
    let first = -1;
    for (let k = 0; k < classes; k++) {
      if (probs[i * classes + k]! >= thresholds[k]! - FLOATING_POINT_COMPARISON) {
        confident++;
        if (first < 0) first = k;
      }
    }
    if (confident === 0) continue;
    const guess = confident > 1 ? rowArgmax(probs, i, classes) : first;
    joint[codes[i]! * classes + guess]!++;
    if (guess !== codes[i]) off.push(i);
  }
  for (let k = 0; k < classes; k++) joint[k * classes + k] = Math.max(1, joint[k * classes + k]!);
  return {
    joint: calibrate ? calibrateConfidentJoint(joint, labelCounts(codes, classes), classes) : joint,
    offDiagonal: Uint32Array.from(off),
    thresholds,
  };
}

/**
 * cleanlab's `calibrate_confident_joint`: scales each row i to the count of label i, then the
 * whole matrix to the number of rows, and rounds each row to integers preserving its total.
 */
export function calibrateConfidentJoint(joint: Float64Array, counts: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(classes * classes);
  for (let i = 0; i < classes; i++) {
    const rowSum = Math.max(numpySum(joint, i * classes, (i + 1) * classes), TINY_VALUE);
    for (let j = 0; j < classes; j++) out[i * classes + j] = (joint[i * classes + j]! / rowSum) * counts[i]!;
  }
  const total = Math.max(numpySum(out), TINY_VALUE);
  let n = 0;
  for (let i = 0; i < classes; i++) n += counts[i]!;
  for (let p = 0; p < out.length; p++) out[p] = (out[p]! / total) * n;
  return roundPreservingRowTotals(out, classes);
}

/** cleanlab's `round_preserving_row_totals`: {@link roundPreservingSum} on every row. */
export function roundPreservingRowTotals(m: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(m.length);
  for (let i = 0; i < m.length / classes; i++) out.set(roundPreservingSum(m.subarray(i * classes, (i + 1) * classes)), i * classes);
  return out;
}

/**
 * cleanlab's `round_preserving_sum`: round each value (half to even), then move the ones with the
 * largest rounding loss up (or the largest gain down) until the integers sum to the rounded total.
 * Ties in the rounding loss keep numpy's order (its sort is stable below 17 values).
 */
export function roundPreservingSum(values: Float64Array): Float64Array {
  const n = values.length;
  const ints = values.map(roundHalfEven);
  const origSum = roundHalfEven(numpySum(values));
  let intSum = roundHalfEven(numpySum(ints));
  while (Math.abs(intSum - origSum) > FLOATING_POINT_COMPARISON) {
    const diff = roundHalfEven(origSum - intSum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), n);
    const gaps = Array.from(values, (v, i) => v - ints[i]!);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => gaps[a]! - gaps[b]! || a - b);
    if (increment === 1) order.reverse();
    for (let c = 0; c < changes; c++) ints[order[c]!]! += increment;
    intSum = roundHalfEven(numpySum(ints));
  }
  return ints;
}
