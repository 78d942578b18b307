// Yin, Chen, Ramchandran & Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates" (coordinate-wise trimmed mean).
import type { ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import { coordinateOrderStatistic, type OrderStatisticOptions } from './coordinate-order-statistic.js';
import { numberOption, validateUpdates } from './validate-updates.js';

/** Options of {@link trimmedMean}. */
export interface TrimmedMeanOptions extends OrderStatisticOptions {
  /** Share cut from EACH end per coordinate, in [0, 0.5): `floor(beta · n)` values (as `scipy.stats.trim_mean`). Default 0.1. */
  readonly beta?: number;
}

/**
 * The coordinate-wise β-trimmed mean: per coordinate, drop the `floor(β·n)` smallest and largest
 * values and average the rest (unweighted, as `scipy.stats.trim_mean` and Flower's
 * `aggregate_trimmed_avg`). Tolerates up to `floor(β·n)` Byzantine clients.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, or β outside [0, 0.5).
 *
 * @example
 * const global = trimmedMean(updates, { beta: 0.1 });
 */
export function trimmedMean(updates: readonly ClientUpdate[], options: TrimmedMeanOptions = {}): Float32Array {
  const { n } = validateUpdates(updates, 'trimmedMean');
  const beta = numberOption(options.beta ?? 0.1, 'beta', 'trimmedMean', 0, 0.5);
  if (beta >= 0.5) throw invalidInput(`trimmedMean: option beta is ${beta}; it must be in [0, 0.5) so that some values remain`, { path: ['options', 'beta'] });
  const cut = Math.floor(beta * n);
  return coordinateOrderStatistic(updates.map((u) => u.values), { kind: 'trimmed-mean', cut }, options);
}
