/**
 * Sample quantiles by linear interpolation between order statistics — Hyndman & Fan (1996),
 * "Sample quantiles in statistical packages", definition 7, numpy's default `method='linear'` —
 * with the order statistics found by radix selection instead of a full sort.
 */
import { orderStatistics } from './order-statistics.js';

type Numeric = Float64Array | Float32Array;

/**
 * numpy.quantile(values, probabilities) with the default linear method, rounding as numpy does:
 * for float32 input the gap between neighbouring order statistics is taken in float32, as numpy
 * subtracts in the array's own type. Probabilities in [0, 1]; values non-empty and without NaN.
 *
 * @example
 * linearQuantiles(Float64Array.of(1, 2, 3, 4), [0.5]); // Float64Array [2.5]
 */
export function linearQuantiles(values: Numeric, probabilities: readonly number[]): Float64Array {
  const n = values.length;
  const lowers: number[] = [];
  const gammas: number[] = [];
  for (const q of probabilities) {
    const virtual = (n - 1) * q;
    let previous = Math.floor(virtual);
    if (virtual >= n - 1) previous = n - 1;
    if (virtual < 0) previous = 0;
    lowers.push(previous);
    gammas.push(virtual - previous);
  }
  const ranks = lowers.flatMap((p) => (p + 1 < n ? [p, p + 1] : [p]));
  const stats = orderStatistics(values, ranks);
  const byRank = new Map<number, number>();
  ranks.forEach((r, i) => byRank.set(r, stats[i]!));
  const float32 = values instanceof Float32Array;
  return Float64Array.from(lowers, (p, i) => {
    const a = byRank.get(p)!;
    const b = p + 1 < n && gammas[i]! > 0 ? byRank.get(p + 1)! : a;
    const t = gammas[i]!;
    const diff = float32 ? Math.fround(b - a) : b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  });
}
