/**
 * The knee of the sorted k-distance curve, DBSCAN's own heuristic for eps (Ester et al. 1996,
 * section 4.2), located as Kneedle does (Satopää et al. 2011): on the curve scaled to the unit
 * square, the point farthest below the chord from its first to its last point.
 */
import { invalidInput } from '../../core/errors.js';

/**
 * The k-distance at the knee of its ascending curve: with `y` sorted ascending and both axes
 * scaled to [0, 1], the value at `argmax_i (i / (n − 1) − (y_i − y_0) / (y_{n−1} − y_0))`
 * (the first on ties). When that is 0 (many duplicates), the smallest positive k-distance; when
 * every k-distance is 0, 1.
 *
 * @param kDistances distance of each row to its k-th nearest neighbour (any order)
 * @throws AntidoteError `invalid_input` for an empty input or a non-finite value.
 *
 * @example
 * kDistanceKnee([0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 2, 5]); // 0.15
 */
export function kDistanceKnee(kDistances: ArrayLike<number>): number {
  const n = kDistances.length;
  if (n === 0) throw invalidInput('k-distance knee: no distances given');
  const y = Float64Array.from(kDistances);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw invalidInput(`k-distance knee: distance ${i} is ${y[i]}; distances must be finite`);
  y.sort();
  const lo = y[0]!;
  const range = y[n - 1]! - lo;
  let knee = y[n - 1]!;
  if (range > 0 && n > 2) {
    let best = -Infinity;
    for (let i = 0; i < n; i++) {
      const gap = i / (n - 1) - (y[i]! - lo) / range;
      if (gap > best) {
        best = gap;
        knee = y[i]!;
      }
    }
  }
  if (knee > 0) return knee;
  for (let i = 0; i < n; i++) if (y[i]! > 0) return y[i]!;
  return 1;
}
