// Yin, Chen, Ramchandran & Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates" (coordinate-wise median).
import type { ClientUpdate } from '../../core/aggregator.js';
import { coordinateOrderStatistic, type OrderStatisticOptions } from './coordinate-order-statistic.js';
import { validateUpdates } from './validate-updates.js';

/** Options of {@link coordinateMedian}. */
export type CoordinateMedianOptions = OrderStatisticOptions;

/**
 * The coordinate-wise median of the updates (for an even count, the mean of the two middle
 * values, as `numpy.median`), ignoring `numExamples`. Tolerates fewer than half Byzantine clients.
 *
 * Runs on two threads for large rounds (see {@link coordinateOrderStatistic}); the call stays synchronous.
 *
 * @throws AntidoteError `invalid_input` for an empty round or unequal lengths.
 *
 * @example
 * const global = coordinateMedian(updates);
 */
export function coordinateMedian(updates: readonly ClientUpdate[], options: CoordinateMedianOptions = {}): Float32Array {
  validateUpdates(updates, 'coordinateMedian');
  return coordinateOrderStatistic(updates.map((u) => u.values), { kind: 'median' }, options);
}
