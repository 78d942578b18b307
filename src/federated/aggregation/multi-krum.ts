// El Mhamdi, Guerraoui & Rouault 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium" (Multi-Krum, after Blanchard et al. 2017).
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import { checkedDistances, clientSquaredDistancesSync } from './client-distances.js';
import { krumScores } from './krum-scores.js';
import { krumMinClients } from './krum.js';
import { integerOption, validateUpdates } from './validate-updates.js';
import { weightedMean } from './vector-arithmetic.js';

/** Options of {@link multiKrum}. */
export interface MultiKrumOptions {
  /** Byzantine clients tolerated; the round needs n > 2f + 2. */
  readonly f: number;
  /** Clients kept, 1..n (default n − f). */
  readonly m?: number;
  /** Pairwise squared distances (n x n) computed beforehand (see {@link krum}). */
  readonly squaredDistances?: Float64Array;
}

/**
 * Multi-Krum: scores every client once as Krum does, keeps the `m` lowest scores, and returns
 * their mean weighted by `numExamples` (as Flower's `aggregate_krum` with `to_keep = m`). With
 * m = 1 it is Krum; with m = n, FedAvg.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, f or m out of range,
 *   fewer than 2f + 3 clients, or kept clients whose `numExamples` sum to 0.
 *
 * @example
 * const global = multiKrum(updates, { f: 2, m: 5 });
 */
export function multiKrum(updates: readonly ClientUpdate[], options: MultiKrumOptions): Float32Array {
  const f = integerOption(options?.f, 'f', 'multiKrum', 0);
  const { n } = validateUpdates(updates, 'multiKrum');
  if (n < krumMinClients(f)) {
    throw invalidInput(`multiKrum: ${n} clients is too few for f = ${f}; Krum needs n > 2f + 2, i.e. at least ${krumMinClients(f)} clients (Blanchard et al. 2017)`);
  }
  const m = integerOption(options.m ?? n - f, 'm', 'multiKrum', 1, n);
  const d2 = options.squaredDistances ? checkedDistances(options.squaredDistances, n, 'multiKrum') : clientSquaredDistancesSync(updates);
  const scores = krumScores(d2, n, updates.map((_, i) => i), f);
  // Stable order by score, so ties keep the lower index.
  const kept = Array.from(scores.keys()).sort((a, b) => scores[a]! - scores[b]! || a - b).slice(0, m);
  return weightedMean(updates, 'multiKrum', kept);
}
