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
}

/**
 * One verdict per row from several detectors. The row's `suspicion` is the largest weighted
 * suspicion of any detector (one detector that sees a backdoor is enough: an average would dilute
 * it among detectors that cannot see it). A row is `flagged` when any detector's suspicion reaches
 * that detector's threshold or the detector decided so itself. `reasons` lists the detectors from
 * `reasonFrom` on, most suspicious first.
 */
export function combineSuspicion(rows: number, outcomes: readonly DetectorOutcome[], options: CombineOptions = {}): RowVerdict[] {
  const defaultThreshold = options.threshold ?? DEFAULT_FLAG_THRESHOLD;
  const reasonFrom = options.reasonFrom ?? 0.5;
  for (const o of outcomes) {
    if (o.suspicion.length !== rows) throw new RangeError(`detector ${o.detector} scored ${o.suspicion.length} rows, the batch has ${rows}`);
  }
  const out: RowVerdict[] = [];
  for (let i = 0; i < rows; i++) {
    let suspicion = 0;
    let flagged = false;
    const reasons: { detector: string; score: number }[] = [];
    for (const o of outcomes) {
      const s = o.suspicion[i]!;
      const w = Math.min(1, Math.max(0, (o.weight ?? 1) * s));
      suspicion = Math.max(suspicion, w);
      if (isFlagged(o, i, defaultThreshold)) flagged = true;
      if (s >= reasonFrom || o.decided?.[i] === 1) reasons.push({ detector: o.detector, score: round(s) });
    }
    reasons.sort((a, b) => b.score - a.score);
    out.push({ index: i, suspicion: round(suspicion), flagged, reasons });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Whether one detector flags row `i`: its suspicion reaches its threshold, or it decided so itself. */
export function isFlagged(o: DetectorOutcome, i: number, defaultThreshold = DEFAULT_FLAG_THRESHOLD): boolean {
  return o.suspicion[i]! >= (o.threshold ?? defaultThreshold) || o.decided?.[i] === 1;
}
