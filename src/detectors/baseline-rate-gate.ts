// Excess over the clean rate: a one-sided exact binomial test of each detector's flag count against its rate on verified data.
import type { DetectionCalibration } from '../core/baseline.js';
import { binomialTestGreater } from '../stats/binomial-test.js';
import { DEFAULT_FLAG_THRESHOLD, isFlagged, type DetectorOutcome } from './combine-suspicion.js';

/** Significance level of the excess test per detector (default of {@link gateByBaselineRate}). */
export const DEFAULT_EXCESS_ALPHA = 0.001;

/** What the gate decided for one detector. */
export interface BaselineGate {
  readonly detector: string;
  /** Rows the detector flagged in the batch before the gate. */
  readonly flagged: number;
  /** Its flag rate on the verified baseline, smoothed: (flagged + 1) / (rows + 2). */
  readonly baselineRate: number;
  /** P(at least `flagged` flags | the baseline rate): small means more flags than clean data gives. */
  readonly pValue: number;
  /** Whether the detector's flags stand (an excess was found). */
  readonly kept: boolean;
}

/**
 * Keeps a detector's flags only when it flags significantly more rows of the batch than of the
 * verified baseline (one-sided exact binomial test at `alpha`); otherwise its flags are cleared,
 * its suspicions stay. Verified data has natural outliers and natural label noise; a detector that
 * finds no more of them in a batch than in the verified data has found nothing to quarantine.
 * Detectors that did not run on the baseline pass through unchanged.
 *
 * @example
 * const { outcomes, gates } = gateByBaselineRate(outcomes, baseline.detection);
 */
export function gateByBaselineRate<T extends DetectorOutcome>(
  outcomes: readonly T[],
  calibration: DetectionCalibration,
  options: { readonly alpha?: number; readonly threshold?: number } = {},
): { outcomes: T[]; gates: BaselineGate[] } {
  const alpha = options.alpha ?? DEFAULT_EXCESS_ALPHA;
  const threshold = options.threshold ?? DEFAULT_FLAG_THRESHOLD;
  const gates: BaselineGate[] = [];
  const out = outcomes.map((o) => {
    const clean = calibration.detectors.find((d) => d.detector === o.detector);
    if (!clean) return o;
    let flagged = 0;
    for (let i = 0; i < o.suspicion.length; i++) if (isFlagged(o, i, threshold)) flagged++;
    const baselineRate = (clean.flagged + 1) / (calibration.rows + 2);
    const pValue = binomialTestGreater(flagged, o.suspicion.length, baselineRate);
    const kept = pValue < alpha;
    gates.push({ detector: o.detector, flagged, baselineRate, pValue, kept });
    if (kept) return o;
    const { decided: _decided, ...rest } = o;
    return { ...rest, threshold: Number.POSITIVE_INFINITY } as T;
  });
  return { outcomes: out, gates };
}
