/**
 * Robust aggregation rules for federated rounds, pure functions over `{ values, numExamples }`
 * updates, one file per rule; the `aggregate` namespace groups them for the public API.
 */
import { bulyan } from './bulyan.js';
import { centeredClipping } from './centered-clipping.js';
import { coordinateMedian } from './coordinate-median.js';
import { fedAvg } from './fed-avg.js';
import { flTrust } from './fl-trust.js';
import { geometricMedian } from './geometric-median.js';
import { krum } from './krum.js';
import { multiKrum } from './multi-krum.js';
import { normClipping } from './norm-clipping.js';
import { trimmedMean } from './trimmed-mean.js';

export * from './aggregator-registry.js';
export * from './bulyan.js';
export * from './centered-clipping.js';
export * from './client-distances.js';
export * from './coordinate-median.js';
export { coordinateOrderStatistic, BLOCK_COORDINATES, PARALLEL_MIN_VALUES, type OrderStatistic, type OrderStatisticOptions } from './coordinate-order-statistic.js';
export * from './fed-avg.js';
export * from './fl-trust.js';
export * from './geometric-median.js';
export * from './krum.js';
export { krumScores } from './krum-scores.js';
export * from './multi-krum.js';
export * from './norm-clipping.js';
export * from './trimmed-mean.js';
export * from './client-anomaly-scores.js';
export * from './reputation.js';

/**
 * Every aggregation rule as one namespace.
 *
 * @example
 * import { aggregate } from 'antidote';
 * const global = aggregate.krum(updates, { f: 2 });
 */
export const aggregate = {
  fedAvg,
  coordinateMedian,
  trimmedMean,
  krum,
  multiKrum,
  bulyan,
  normClipping,
  centeredClipping,
  geometricMedian,
  flTrust,
} as const;
