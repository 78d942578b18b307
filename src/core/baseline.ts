import type { Schema } from './schema.js';

/**
 * The profile of a verified data set, stored next to the data as `baseline.json`. New batches are
 * compared against it without the original rows. Built by `buildBaseline` (src/baseline).
 */

/** Numbers (and timestamps, as epoch milliseconds). */
export interface NumericProfile {
  readonly name: string;
  readonly kind: 'numeric' | 'timestamp';
  /** Non-missing values. */
  readonly count: number;
  readonly missing: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  /**
   * The reference distribution: either every sorted value (`exact: true`, small columns) or the
   * quantiles at probabilities 0, 1/Q, ..., 1 (numpy's linear method), a sketch whose CDF is
   * within 1/Q of the true one.
   */
  readonly distribution: { readonly exact: boolean; readonly values: readonly number[] };
  /** Population-stability bins: the inner decile edges of the reference, and its proportion per bin. */
  readonly psiBins: { readonly edges: readonly number[]; readonly proportions: readonly number[] };
  /** An equal-width histogram between min and max, for plots. */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

/** Categories and booleans (as "false"/"true"). */
export interface CategoricalProfile {
  readonly name: string;
  readonly kind: 'categorical' | 'boolean';
  readonly count: number;
  readonly missing: number;
  readonly categories: readonly string[];
  readonly counts: readonly number[];
}

/** Free text: summarised by token-length distribution (its content drift is caught by the multivariate test). */
export interface TextProfile {
  readonly name: string;
  readonly kind: 'text';
  readonly count: number;
  readonly missing: number;
  /** Sorted quantiles of the length in characters, as for numbers. */
  readonly lengths: NumericProfile;
}

/** Embedding vectors: mean, per-dimension variance, and the top of the covariance spectrum. */
export interface EmbeddingProfile {
  readonly name: string;
  readonly kind: 'embedding';
  readonly count: number;
  readonly missing: number;
  readonly dim: number;
  readonly mean: readonly number[];
  readonly variance: readonly number[];
  /** Largest covariance eigenvalues, descending, and the total variance (trace). */
  readonly topEigenvalues: readonly number[];
  readonly totalVariance: number;
  /** Sum of squared covariance entries (= sum of squared eigenvalues), for the mean-shift test's null. */
  readonly covarianceFrobenius2: number;
}

export type ColumnProfile = NumericProfile | CategoricalProfile | TextProfile | EmbeddingProfile;

/** Pearson correlations of the numeric columns, pairwise complete, row-major `columns.length`². */
export interface CorrelationProfile {
  readonly columns: readonly string[];
  readonly matrix: readonly number[];
  /** Rows behind each correlation (pairwise complete), same layout as `matrix`. */
  readonly counts: readonly number[];
}

/** A seeded sample of encoded rows, for the multivariate (MMD) test. */
export interface FeatureSample {
  /** The encoder fitted on the baseline (opaque JSON owned by src/data), so batches are encoded identically. */
  readonly encoder: unknown;
  /** When the encoding is wide, rows are projected to `projection.dim` with a seeded Gaussian matrix. */
  readonly projection: { readonly seed: number; readonly inputDim: number; readonly dim: number } | null;
  readonly rows: number;
  readonly dim: number;
  /** Row-major `rows x dim`. */
  readonly values: readonly number[];
}

/**
 * How often each poison detector flags rows of the verified data itself: its clean flag rate. A
 * scan compares a batch's flag count with it, so natural outliers and natural label noise (which
 * the verified data has too) do not quarantine a clean batch.
 */
export interface DetectionCalibration {
  /** Verified rows the detectors ran on (a seeded sample of the baseline's rows when it is large). */
  readonly rows: number;
  readonly detectors: readonly {
    readonly detector: string;
    /** Rows of the sample this detector flagged. */
    readonly flagged: number;
    /** Per label class (when the baseline has a label): its rows and how many of them were flagged. */
    readonly byClass?: readonly { readonly label: string; readonly rows: number; readonly flagged: number }[];
  }[];
}

/** The whole baseline file. */
export interface Baseline {
  readonly format: 'antidote-baseline';
  readonly version: 1;
  readonly createdAt: string;
  readonly source: { readonly file: string; readonly rows: number; readonly sha256: string };
  readonly label: string | null;
  readonly schema: Schema;
  readonly columns: readonly ColumnProfile[];
  readonly correlation: CorrelationProfile | null;
  readonly sample: FeatureSample | null;
  /** The detectors' clean flag rates (absent in baselines made without them). */
  readonly detection?: DetectionCalibration | null;
  /** `sha256:` of the canonical JSON of every other field: any edit to the file is detectable. */
  readonly contentHash: string;
}
