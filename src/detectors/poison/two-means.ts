/**
 * k-means with k = 2 (Lloyd 1982), seeded with k-means++ (Arthur & Vassilvitskii 2007) and
 * restarted a few times, keeping the split of least inertia: the clustering step of activation
 * clustering. Kept here, small and self-contained, rather than shared with the outlier detectors.
 */
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';

/** A two-way split of the rows. */
export interface TwoMeansResult {
  /** Cluster of each row, 0 or 1. */
  readonly assignment: Uint8Array;
  /** The two centroids, row-major 2 x p. */
  readonly centroids: Float64Array;
  /** Rows in each cluster. */
  readonly sizes: readonly [number, number];
  /** Sum of squared distances to the assigned centroids. */
  readonly inertia: number;
}

function squaredTo(z: Float64Array, i: number, c: Float64Array, k: number, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) {
    const t = z[i * p + j]! - c[k * p + j]!;
    s += t * t;
  }
  return s;
}

function runOnce(z: Matrix<Float64Array>, rng: Rng, maxIterations: number): TwoMeansResult {
  const { rows: n, cols: p, data } = z;
  const centroids = new Float64Array(2 * p);
  const first = rng.nextInt(n);
  centroids.set(data.subarray(first * p, (first + 1) * p), 0);
  // k-means++: the second centre drawn with probability proportional to the squared distance to the first.
  const d2 = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    d2[i] = squaredTo(data, i, centroids, 0, p);
    total += d2[i]!;
  }
  let second = first;
  if (total > 0) {
    let u = rng.next() * total;
    second = n - 1;
    for (let i = 0; i < n; i++) {
      u -= d2[i]!;
      if (u < 0) {
        second = i;
        break;
      }
    }
  }
  centroids.set(data.subarray(second * p, (second + 1) * p), p);
  const assignment = new Uint8Array(n);
  let inertia = 0;
  for (let it = 0; it <= maxIterations; it++) {
    let changed = it === 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      const a = squaredTo(data, i, centroids, 0, p);
      const b = squaredTo(data, i, centroids, 1, p);
      const c = b < a ? 1 : 0;
      inertia += Math.min(a, b);
      if (assignment[i] !== c) {
        assignment[i] = c;
        changed = true;
      }
    }
    if (!changed) break;
    const sizes = [0, 0];
    centroids.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      sizes[c]!++;
      for (let j = 0; j < p; j++) centroids[c * p + j]! += data[i * p + j]!;
    }
    for (let c = 0; c < 2; c++) {
      if (sizes[c]! > 0) {
        for (let j = 0; j < p; j++) centroids[c * p + j]! /= sizes[c]!;
        continue;
      }
      // An empty cluster restarts at the row farthest from the other centroid.
      let far = 0;
      let best = -1;
      for (let i = 0; i < n; i++) {
        const v = squaredTo(data, i, centroids, 1 - c, p);
        if (v > best) {
          best = v;
          far = i;
        }
      }
      centroids.set(data.subarray(far * p, (far + 1) * p), c * p);
    }
  }
  let ones = 0;
  for (let i = 0; i < n; i++) ones += assignment[i]!;
  return { assignment, centroids, sizes: [n - ones, ones], inertia };
}

/**
 * The best of `restarts` k-means++ / Lloyd runs with two clusters (least inertia; the first on ties).
 *
 * @param z rows to split, n x p, n >= 1
 */
export function twoMeans(z: Matrix<Float64Array>, rng: Rng, restarts = 5, maxIterations = 100): TwoMeansResult {
  let best: TwoMeansResult | undefined;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const run = runOnce(z, rng, maxIterations);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}
