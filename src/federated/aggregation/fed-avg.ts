// McMahan, Moore, Ramage, Hampson & Agüera y Arcas 2017, "Communication-Efficient Learning of Deep Networks from Decentralized Data" (FedAvg).
import type { ClientUpdate } from '../../core/aggregator.js';
import { validateUpdates } from './validate-updates.js';
import { weightedMean } from './vector-arithmetic.js';

/**
 * Federated averaging: the mean of the updates weighted by each client's `numExamples`. Not
 * robust: one client can move it anywhere.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, or example counts
 *   that sum to 0.
 *
 * @example
 * const global = fedAvg([{ values: a, numExamples: 600 }, { values: b, numExamples: 200 }]);
 */
export function fedAvg(updates: readonly ClientUpdate[]): Float32Array {
  validateUpdates(updates, 'fedAvg');
  return weightedMean(updates, 'fedAvg');
}
