/**
 * Per-round, per-client anomaly scores: how far each update lies from the round's robust
 * aggregate (absolute and relative to the round's median distance), and how its direction
 * compares with the previous global update. Reputation tracking builds on them.
 */
import type { ClientUpdate } from '../../core/aggregator.js';
import { validateUpdates, vectorOption } from './validate-updates.js';
import { cosine } from './vector-arithmetic.js';

/** One client's anomaly scores for one round (higher distance, lower cosine = more suspicious). */
export interface ClientAnomaly {
  /** ‖xᵢ − robust aggregate‖. */
  readonly distanceToAggregate: number;
  /** `distanceToAggregate` divided by the median of the round's distances (1 = typical); Infinity when the median is 0 and this one is not. */
  readonly relativeDistance: number;
  /** cos(xᵢ, previous global update) in [−1, 1], or null when no previous update was given. */
  readonly cosineToPrevious: number | null;
}

/**
 * Scores every client of a round against the round's robust aggregate (from any rule) and,
 * optionally, the previous round's global update.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, or reference vectors
 *   of the wrong length.
 *
 * @example
 * const robust = coordinateMedian(updates);
 * const scores = clientAnomalyScores(updates, robust, previousGlobalUpdate);
 */
export function clientAnomalyScores(updates: readonly ClientUpdate[], robustAggregate: Float32Array, previousGlobalUpdate?: Float32Array): ClientAnomaly[] {
  const { d } = validateUpdates(updates, 'clientAnomalyScores');
  const center = vectorOption(robustAggregate, 'robustAggregate', 'clientAnomalyScores', d);
  const previous = previousGlobalUpdate === undefined ? undefined : vectorOption(previousGlobalUpdate, 'previousGlobalUpdate', 'clientAnomalyScores', d);
  const distances = updates.map((u) => {
    let s = 0;
    for (let p = 0; p < d; p++) s += (u.values[p]! - center[p]!) ** 2;
    return Math.sqrt(s);
  });
  const sorted = [...distances].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
  return updates.map((u, i) => {
    const dist = distances[i]!;
    return {
      distanceToAggregate: dist,
      relativeDistance: median > 0 ? dist / median : dist > 0 ? Infinity : 0,
      cosineToPrevious: previous ? cosine(u.values, previous) : null,
    };
  });
}
