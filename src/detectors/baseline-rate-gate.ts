// Excess over the clean rate: one-sided exact binomial tests of each detector's flag count, overall and per label class (Bonferroni), against its rate on verified data.
import type { DetectionCalibration } from '../core/baseline.js';
import { binomialTestGreater } from '../stats/binomial-test.js';
import { DEFAULT_FLAG_THRESHOLD, detectorFlags, type DetectorOutcome } from './combine-suspicion.js';

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
  /** Whether the detector's flags stand (an excess was found overall or in some class). */
  readonly kept: boolean;
  /** When the excess was found only within some label classes: those classes (flags elsewhere are cleared). */
  readonly keptClasses?: readonly string[];
}

/** The batch's label classes, to test each class against its own clean rate. */
export interface GateLabels {
  readonly codes: Int32Array;
  readonly names: readonly string[];
}

/**
 * Keeps a detector's flags only where it flags significantly more rows of the batch than of the
 * verified baseline; elsewhere its flags are cleared and its suspicions stay. Verified data has
 * natural outliers and natural label noise; a detector that finds no more of them than in the
 * verified data has found nothing to quarantine. The whole batch is tested at `alpha` (one-sided
 * exact binomial test); with labels, each class is also tested against that class's clean rate at
 * `alpha / classes`, because a targeted attack (spam relabelled as ham) concentrates its flags in
 * one class, where they stand out long before they do in the whole batch. Detectors the baseline
 * did not run pass through unchanged.
 *
 * @example
 * const { outcomes, gates } = gateByBaselineRate(outcomes, baseline.detection, { labels });
 */
export function gateByBaselineRate<T extends DetectorOutcome>(
  outcomes: readonly T[],
  calibration: DetectionCalibration,
  options: { readonly alpha?: number; readonly threshold?: number; readonly labels?: GateLabels } = {},
): { outcomes: T[]; gates: BaselineGate[] } {
  const alpha = options.alpha ?? DEFAULT_EXCESS_ALPHA;
  const threshold = options.threshold ?? DEFAULT_FLAG_THRESHOLD;
  const labels = options.labels;
  const gates: BaselineGate[] = [];
  const out = outcomes.map((o) => {
    const clean = calibration.detectors.find((d) => d.detector === o.detector);
    if (!clean) return o;
    const n = o.suspicion.length;
    const { flags, count: flagged } = detectorFlags(o, threshold);
    const baselineRate = smoothedRate(clean.flagged, calibration.rows);
    const pValue = binomialTestGreater(flagged, n, baselineRate);
    if (pValue < alpha) {
      gates.push({ detector: o.detector, flagged, baselineRate, pValue, kept: true });
      return o;
    }
    const keptClasses = labels && clean.byClass ? classesInExcess(flags, labels, clean.byClass, alpha) : new Set<number>();
    gates.push({ detector: o.detector, flagged, baselineRate, pValue, kept: keptClasses.size > 0, ...(keptClasses.size > 0 ? { keptClasses: [...keptClasses].map((c) => labels!.names[c]!) } : {}) });
    if (keptClasses.size === 0) {
      const { decided: _decided, ...rest } = o;
      return { ...rest, threshold: Number.POSITIVE_INFINITY } as T;
    }
    // Flags stand in the classes with an excess: outside them, suspicion is capped below the threshold.
    const cap = Math.min(0.5, (o.threshold ?? threshold) / 2);
    const suspicion = o.suspicion.map((s, i) => (keptClasses.has(labels!.codes[i]!) ? s : Math.min(s, cap)));
    const decided = o.decided ? o.decided.map((d, i) => (keptClasses.has(labels!.codes[i]!) ? d : 0)) : undefined;
    return { ...o, suspicion, ...(decided ? { decided } : {}) } as T;
  });
  return { outcomes: out, gates };
}

function smoothedRate(flagged: number, rows: number): number {
  return (flagged + 1) / (rows + 2);
}

/** Classes (codes of the batch) whose flag count exceeds that class's clean rate at alpha / classes. */
function classesInExcess(flags: Uint8Array, labels: GateLabels, byClass: NonNullable<DetectionCalibration['detectors'][number]['byClass']>, alpha: number): Set<number> {
  const k = labels.names.length;
  const { rows, flagged } = flagCountsByClass(flags, labels.codes, k);
  const kept = new Set<number>();
  for (let c = 0; c < k; c++) {
    if (flagged[c] === 0) continue;
    const clean = byClass.find((b) => b.label === labels.names[c]);
    // A class the verified data never had is compared with the smoothed rate of an empty class (1/2): only bulk flags pass.
    const rate = smoothedRate(clean?.flagged ?? 0, clean?.rows ?? 0);
    if (binomialTestGreater(flagged[c]!, rows[c]!, rate) < alpha / k) kept.add(c);
  }
  return kept;
}

/** Rows and flagged rows per label class (codes 0..classes-1; -1, a missing label, is left out). */
export function flagCountsByClass(flags: Uint8Array, codes: Int32Array, classes: number): { rows: Uint32Array; flagged: Uint32Array } {
  const rows = new Uint32Array(classes);
  const flagged = new Uint32Array(classes);
  for (let i = 0; i < flags.length; i++) {
    const c = codes[i]!;
    if (c < 0) continue;
    rows[c]!++;
    if (flags[i]) flagged[c]!++;
  }
  return { rows, flagged };
}
