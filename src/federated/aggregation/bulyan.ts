// El Mhamdi, Guerraoui & Rouault 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium" (Bulyan).
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import { checkedDistances, clientSquaredDistancesSync } from './client-distances.js';
import { argMin, krumScores } from './krum-scores.js';
import { integerOption, validateUpdates } from './validate-updates.js';

/** Options of {@link bulyan}. */
export interface BulyanOptions {
  /** Byzantine clients tolerated; the round needs n >= 4f + 3. */
  readonly f: number;
  /** Pairwise squared distances (n x n) computed beforehand (see `krum`). */
  readonly squaredDistances?: Float64Array;
}

/** The fewest clients Bulyan accepts for `f` Byzantine ones: 4f + 3. */
export const bulyanMinClients = (f: number): number => 4 * f + 3;

/**
 * Bulyan: selects θ = n − 2f clients by Krum applied repeatedly (each time over the clients not
 * yet selected, removing the winner), then per coordinate averages the β = θ − 2f selected values
 * closest to the selected clients' coordinate median (Flower's `aggregate_bulyan` with Krum).
 * Ignores `numExamples`.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, f not an integer
 *   >= 0, or fewer than 4f + 3 clients (the paper's precondition, said in the message).
 *
 * @example
 * const global = bulyan(updates, { f: 2 }); // needs at least 11 clients
 */
export function bulyan(updates: readonly ClientUpdate[], options: BulyanOptions): Float32Array {
  const f = integerOption(options?.f, 'f', 'bulyan', 0);
  const { n, d } = validateUpdates(updates, 'bulyan');
  if (n < bulyanMinClients(f)) {
    throw invalidInput(`bulyan: ${n} clients is too few for f = ${f}; Bulyan needs n >= 4f + 3 = ${bulyanMinClients(f)} (El Mhamdi et al. 2018)`);
  }
  const d2 = options.squaredDistances ? checkedDistances(options.squaredDistances, n, 'bulyan') : clientSquaredDistancesSync(updates);
  const theta = n - 2 * f;
  const beta = theta - 2 * f;
  const remaining = updates.map((_, i) => i);
  const selected: number[] = [];
  for (let t = 0; t < theta; t++) {
    const winner = argMin(krumScores(d2, n, remaining, f));
    selected.push(remaining[winner]!);
    remaining.splice(winner, 1);
  }
  return meanClosestToMedian(selected.map((i) => updates[i]!.values), d, beta);
}

/** Per coordinate, the mean of the `beta` values closest to the coordinate median of `rows` (ties: the smaller value first). */
function meanClosestToMedian(rows: readonly Float32Array[], d: number, beta: number): Float32Array {
  const m = rows.length;
  const col = new Float64Array(m);
  const out = new Float32Array(d);
  const mid = m >> 1;
  for (let p = 0; p < d; p++) {
    for (let i = 0; i < m; i++) col[i] = rows[i]![p]!;
    col.sort();
    const median = m & 1 ? col[mid]! : (col[mid - 1]! + col[mid]!) / 2;
    // The beta closest values to the median form a contiguous window of the sorted column: grow it
    // from the median outwards, taking the nearer end each time.
    let lo = mid - 1;
    let hi = mid;
    let s = 0;
    for (let taken = 0; taken < beta; taken++) {
      if (hi < m && (lo < 0 || col[hi]! - median < median - col[lo]!)) s += col[hi++]!;
      else s += col[lo--]!;
    }
    out[p] = s / beta;
  }
  return out;
}
