import type { DetectorScoring } from '../core/detector.js';
import { DEFAULT_FLAG_THRESHOLD } from './combine-suspicion.js';
import { calibrateSuspicion } from './suspicion-calibration.js';

/** Default flag threshold of share-scored detectors: fewer than 3 of 10 neighbours agree with the row's label. */
export const SHARE_FLAG_THRESHOLD = 0.7;

/**
 * A detector's suspicion per row, by its kind of scoring, and the flag threshold that goes with it
 * (undefined: the combine default). Robust Gaussian scaling breaks down on bounded scores where most
 * rows tie (a share of agreeing neighbours at 1, a self-confidence near 1), so:
 * - `share`: suspicion = 1 − share, flagged from {@link SHARE_FLAG_THRESHOLD};
 * - `decides`: the detector's rule is the verdict — decided rows get at least the flag threshold,
 *   the others at most 0.5, so the scaling cannot flag rows the rule kept;
 * - `calibrated`: robust Gaussian scaling.
 */
export function detectorSuspicion(scoring: DetectorScoring, scores: Float64Array, decided?: Uint8Array): { suspicion: Float64Array; threshold?: number } {
  switch (scoring) {
    case 'share':
      return { suspicion: scores.map((s) => Math.min(1, Math.max(0, 1 - s))), threshold: SHARE_FLAG_THRESHOLD };
    case 'decides': {
      const calibrated = calibrateSuspicion(scores);
      if (!decided) return { suspicion: calibrated };
      return { suspicion: calibrated.map((s, i) => (decided[i] === 1 ? Math.max(s, DEFAULT_FLAG_THRESHOLD) : Math.min(s, 0.5))) };
    }
    case 'calibrated':
      return { suspicion: calibrateSuspicion(scores) };
  }
}
