// Sun, Kairouz, Suresh & McMahan 2019, "Can You Really Backdoor Federated Learning?" (norm clipping defence).
import type { ClientUpdate } from '../../core/aggregator.js';
import { numberOption, validateUpdates } from './validate-updates.js';
import { l2Norm, weightedMean } from './vector-arithmetic.js';

/** Options of {@link normClipping}. */
export interface NormClippingOptions {
  /** Largest L2 norm an update keeps, > 0: longer updates are scaled down to it. */
  readonly bound: number;
}

/**
 * Norm clipping: each update is scaled by `min(1, bound / ‖x‖)` and the clipped updates are
 * averaged weighted by `numExamples`, so no client moves the model by more than `bound` times its
 * weight share (the defence against model-replacement backdoors).
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, a bound that is not
 *   a finite number > 0, or example counts that sum to 0.
 *
 * @example
 * const global = normClipping(updates, { bound: 5 });
 */
export function normClipping(updates: readonly ClientUpdate[], options: NormClippingOptions): Float32Array {
  validateUpdates(updates, 'normClipping');
  const bound = numberOption(options?.bound, 'bound', 'normClipping', 0, Infinity, true);
  const clipped = updates.map((u) => {
    const norm = l2Norm(u.values);
    if (norm <= bound) return u;
    const scale = bound / norm;
    return { values: u.values.map((v) => v * scale), numExamples: u.numExamples };
  });
  return weightedMean(clipped, 'normClipping');
}
