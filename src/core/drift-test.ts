import type { ColumnProfile } from './baseline.js';
import type { Column, ColumnKind } from './dataset.js';

/**
 * Default significance level of every p-valued drift test, after Benjamini–Hochberg across the
 * batch: at 0.01 about one batch in a hundred drawn from the baseline's own distribution is
 * reported as drifted (at 0.05, one in twenty, which is too many false alarms for a firewall).
 */
export const DEFAULT_DRIFT_ALPHA = 0.01;

/** Thresholds of one drift test: p-values below `alpha` (after Benjamini–Hochberg) and effects at or above `minEffect`. */
export interface DriftThresholds {
  readonly alpha: number;
  readonly minEffect: number;
}

/** What a drift test measured, before the batch-wide correction decides `drifted`. */
export interface DriftMeasurement {
  readonly statistic: number;
  readonly pValue: number | null;
  readonly effectSize: number;
  /**
   * For tests without a p-value: the effect that sampling noise alone can reach at these sample
   * sizes; the test only reports drift above max(minEffect, noiseFloor).
   */
  readonly noiseFloor?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A per-column comparison of a batch column against its baseline profile. One file per test under
 * src/drift, registered by name in the drift-test registry (after Evidently's stattest registry).
 */
export interface DriftTest {
  /** Registry name, as written in reports and configuration (`ks`, `psi`, `chi-square`, ...). */
  readonly name: string;
  /** Column kinds the test applies to. */
  readonly appliesTo: readonly ColumnKind[];
  /** Default thresholds, overridable per test and per column. */
  readonly defaults: DriftThresholds;
  /** One line for people: what the test measures. */
  readonly description: string;
  /** Compares a batch column with its profile. The profile and column have matching kinds. */
  measure(profile: ColumnProfile, column: Column): DriftMeasurement | null;
}
