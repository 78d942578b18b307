// Blanchard, El Mhamdi, Guerraoui & Stainer 2017, "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent" (Krum).
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import { checkedDistances, clientSquaredDistancesSync } from './client-distances.js';
import { argMin, krumScores } from './krum-scores.js';
import { integerOption, validateUpdates } from './validate-updates.js';

/** Options of {@link krum}. */
export interface KrumOptions {
  /** Byzantine clients tolerated; the round needs n > 2f + 2. */
  readonly f: number;
  /** Pairwise squared distances (n x n) computed beforehand, e.g. by `clientSquaredDistances` on the fast matrix product. */
  readonly squaredDistances?: Float64Array;
}

/** The fewest clients Krum accepts for `f` Byzantine ones: 2f + 3 (the paper's n > 2f + 2). */
export const krumMinClients = (f: number): number => 2 * f + 3;

/**
 * Krum: the update of the client whose `n − f − 2` nearest neighbours are closest (sum of
 * squared distances), returned as a copy; the first such client on ties. Ignores `numExamples`.
 *
 * Without `squaredDistances` the distances are computed here on the plain TypeScript path; for
 * large rounds compute them with `await clientSquaredDistances(updates)` (onnxruntime) and pass them.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, f not an integer
 *   >= 0, or fewer than 2f + 3 clients (Krum needs n > 2f + 2).
 *
 * @example
 * const global = krum(updates, { f: 2 });
 */
export function krum(updates: readonly ClientUpdate[], options: KrumOptions): Float32Array {
  const f = integerOption(options?.f, 'f', 'krum', 0);
  const { n } = validateUpdates(updates, 'krum');
  if (n < krumMinClients(f)) {
    throw invalidInput(`krum: ${n} clients is too few for f = ${f}; Krum needs n > 2f + 2, i.e. at least ${krumMinClients(f)} clients (Blanchard et al. 2017)`);
  }
  const d2 = options.squaredDistances ? checkedDistances(options.squaredDistances, n, 'krum') : clientSquaredDistancesSync(updates);
  const members = updates.map((_, i) => i);
  return Float32Array.from(updates[argMin(krumScores(d2, n, members, f))]!.values);
}
