/**
 * The Benjamini–Hochberg step-up adjustment of p-values for false-discovery-rate control
 * (Benjamini & Hochberg 1995, "Controlling the false discovery rate", JRSS B 57(1)), computed as
 * scipy.stats.false_discovery_control(ps, method='bh') (scipy >= 1.11).
 */
import { AntidoteError } from '../core/errors.js';

/**
 * BH-adjusted p-values (q-values), in the input order: sort ascending, multiply the i-th smallest
 * (1-based) by m / i, take the running minimum from the largest down, cap at 1. Rejecting every
 * hypothesis whose adjusted value is <= alpha controls the false discovery rate at alpha (for
 * independent or positively dependent tests). Null entries (tests that produced no p-value) pass
 * through as null and do not count towards m.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.005]); // [0.02, 0.04, 0.04, 0.02] (to rounding)
 */
export function benjaminiHochberg(pValues: Float64Array | readonly number[]): number[];
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[];
export function benjaminiHochberg(pValues: Float64Array | readonly (number | null)[]): (number | null)[] {
  const present: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (p === null || p === undefined) continue;
    if (!(p >= 0 && p <= 1)) throw new AntidoteError('invalid_input', `pValues[${i}] is ${p}; p-values must lie in [0, 1] (null for a missing one)`);
    present.push(i);
  }
  const m = present.length;
  const order = present.slice().sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const adjusted = new Float64Array(m);
  for (let r = 0; r < m; r++) adjusted[r] = (pValues[order[r]!] as number) * (m / (r + 1));
  for (let r = m - 2; r >= 0; r--) adjusted[r] = Math.min(adjusted[r]!, adjusted[r + 1]!);
  const out: (number | null)[] = Array.from({ length: pValues.length }, () => null);
  for (let r = 0; r < m; r++) out[order[r]!] = Math.min(1, Math.max(0, adjusted[r]!));
  return out;
}
