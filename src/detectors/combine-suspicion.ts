import type { RowVerdict } from '../core/scan-report.js';

/** Calibrated suspicion from which a detector flags a row unless a policy says otherwise (about 3.3 robust sd). */
export const DEFAULT_FLAG_THRESHOLD = 0.999;

/** One detector's verdict on every row of a batch. */
export interface DetectorOutcome {
  readonly detector: string;
  /** Calibrated suspicion per row, in [0, 1]. */
  readonly suspicion: Float64Array;
  /** Rows the detector itself decided are poisoned (for detectors that decide, such as confident learning). */
  readonly decided?: Uint8Array;
  /** Flag a row when this detector's suspicion reaches it (default: the combine threshold). */
  readonly threshold?: number;
  /** Scales this detector's suspicion in the combined one (default 1). */
  readonly weight?: number;
}

/** Options of {@link combineSuspicion}. */
export interface CombineOptions {
  /** Default per-detector flag threshold on calibrated suspicion (default 0.999: about 3.3 robust sd). */
  readonly threshold?: number;
  /** A detector is named among a row's reasons from this suspicion on (default 0.5). */
  readonly reasonFrom?: number;
  /**
   * The detectors whose suspicions are averaged into the row's (default: all). With a baseline these
   * are the detectors that found more than the verified data shows; the others only add noise.
   */
  readonly informative?: readonly string[];
}

/**
 * One verdict per row from several detectors. A row is `flagged` when any detector's suspicion
 * reaches that detector's threshold (deciding detectors reach it exactly on the rows they decided).
 * The row's `suspicion` orders rows for review: m = the weighted mean suspicion of the informative
 * detectors, mapped to (1 + m) / 2 for flagged rows and m / 2 for the others, so suspicion ≥ 0.5
 * exactly when a detector flagged the row and, within each half, rows are ordered by what the
 * detectors agree on. (A maximum would let one detector that ranks poorly put its false alarms on
 * top; measured in docs/benchmarks.md.) `reasons` lists the detectors from `reasonFrom` on, most
 * suspicious first.
 */
export function combineSuspicion(rows: number, outcomes: readonly DetectorOutcome[], options: CombineOptions = {}): RowVerdict[] {
  const defaultThreshold = options.threshold ?? DEFAULT_FLAG_THRESHOLD;
  const reasonFrom = options.reasonFrom ?? 0.5;
  for (const o of outcomes) {
    if (o.suspicion.length !== rows) throw new RangeError(`detector ${o.detector} scored ${o.suspicion.length} rows, the batch has ${rows}`);
  }
  const averaged = options.informative ? outcomes.filter((o) => options.informative!.includes(o.detector)) : outcomes;
  const weightSum = averaged.reduce((a, o) => a + (o.weight ?? 1), 0);
  const out: RowVerdict[] = [];
  for (let i = 0; i < rows; i++) {
    let flagged = false;
    const reasons: { detector: string; score: number }[] = [];
    for (const o of outcomes) {
      const s = o.suspicion[i]!;
      if (isFlagged(o, i, defaultThreshold)) flagged = true;
      if (s >= reasonFrom || o.decided?.[i] === 1) reasons.push({ detector: o.detector, score: round(s) });
    }
    let mean = 0;
    if (weightSum > 0) {
      for (const o of averaged) mean += (o.weight ?? 1) * o.suspicion[i]!;
      mean /= weightSum;
    }
    reasons.sort((a, b) => b.score - a.score);
    out.push({ index: i, suspicion: round(flagged ? (1 + mean) / 2 : mean / 2), flagged, reasons });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Whether one detector flags row `i`: its suspicion reaches its threshold, or it decided so itself (unless its threshold is Infinity: flags cleared). */
export function isFlagged(o: DetectorOutcome, i: number, defaultThreshold = DEFAULT_FLAG_THRESHOLD): boolean {
  const threshold = o.threshold ?? defaultThreshold;
  return o.suspicion[i]! >= threshold || (o.decided?.[i] === 1 && threshold !== Number.POSITIVE_INFINITY);
}

/** The rows one detector flags (1) under {@link isFlagged}, and how many. */
export function detectorFlags(o: DetectorOutcome, defaultThreshold = DEFAULT_FLAG_THRESHOLD): { flags: Uint8Array; count: number } {
  const flags = new Uint8Array(o.suspicion.length);
  let count = 0;
  for (let i = 0; i < flags.length; i++) if (isFlagged(o, i, defaultThreshold)) (flags[i] = 1), count++;
  return { flags, count };
}
