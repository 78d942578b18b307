/**
 * The `report.json` contract of `antidote scan`. Names here are public: add fields, never rename.
 */

export const VERDICTS = ['accept', 'quarantine', 'reject'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One statistical test of one column (or of the whole table, column `*`). */
export interface DriftResult {
  readonly column: string;
  readonly test: string;
  readonly statistic: number;
  /** The p-value where the test has one (after no correction), else null. */
  readonly pValue: number | null;
  /** Benjamini–Hochberg adjusted p-value across all p-valued results of the batch, else null. */
  readonly adjustedPValue: number | null;
  /** A scale-free size of the difference (KS D, PSI, normalised Wasserstein, JS distance, ...). */
  readonly effectSize: number;
  readonly drifted: boolean;
  /** The threshold(s) the decision used, for the record. */
  readonly threshold: { readonly alpha?: number; readonly minEffect?: number };
  /** Anything test-specific worth showing (degrees of freedom, the correlation pair, merged categories). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Why a row is suspected: one detector's score (higher = more suspicious). */
export interface RowReason {
  readonly detector: string;
  readonly score: number;
}

/** One data row of the batch: `index` is 0-based in input order, `suspicion` in [0, 1]. */
export interface RowVerdict {
  readonly index: number;
  readonly suspicion: number;
  readonly flagged: boolean;
  readonly reasons: readonly RowReason[];
  /** The label a label-error detector suggests instead, with its probability (only where it differs). */
  readonly suggestedLabel?: { readonly label: string; readonly confidence: number };
}

/** A schema problem between the batch and the baseline. */
export interface SchemaFinding {
  readonly column: string;
  readonly problem: 'missing_column' | 'extra_column' | 'kind_mismatch' | 'dimension_mismatch' | 'unseen_categories' | 'missing_rate' | 'out_of_range';
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * One column's distribution in the baseline and the batch on common bins (numbers: the baseline
 * histogram's edges; categories: the union of categories), as proportions, for plots.
 */
export interface ColumnDistribution {
  readonly column: string;
  readonly kind: string;
  /** Bin edges (numbers), length = bins + 1; absent for categories. */
  readonly edges?: readonly number[];
  /** Category names, for categorical columns. */
  readonly categories?: readonly string[];
  readonly baseline: readonly number[];
  readonly batch: readonly number[];
}

/** Duplicate rows of a batch: groups of rows equal (`exact`) or closer than `threshold` (`near`). */
export interface DuplicatesSummary {
  /** Near-duplicate distance in the encoded feature space (0: exact only). */
  readonly threshold: number;
  /** Batch rows in some group. */
  readonly duplicateRows: number;
  /** Groups that include rows of the baseline's sample. */
  readonly againstBaseline: number;
  /** Rows of the baseline the batch was compared with (its stored sample), 0 when it was not. */
  readonly baselineRowsCompared: number;
  /** The first groups (at most 100), each listing at most 20 batch rows and 20 baseline sample rows. */
  readonly groups: readonly { readonly kind: 'exact' | 'near'; readonly rows: readonly number[]; readonly baselineRows: readonly number[]; readonly radius: number }[];
  /** Groups found in all. */
  readonly groupCount: number;
  /** Why the baseline was not compared, or why the search did not run, when so. */
  readonly note?: string;
}

/** The whole report. */
export interface ScanReport {
  readonly format: 'antidote-scan-report';
  readonly version: 1;
  readonly createdAt: string;
  readonly verdict: Verdict;
  readonly summary: {
    readonly rows: number;
    readonly columns: number;
    readonly driftedTests: number;
    readonly driftedColumns: readonly string[];
    readonly flaggedRows: number;
    readonly schemaErrors: number;
    readonly schemaWarnings: number;
    /** Sentences a person reads first: why this verdict. */
    readonly reasons: readonly string[];
  };
  readonly input: { readonly file: string; readonly sha256: string; readonly label: string | null };
  readonly baseline: { readonly file: string; readonly contentHash: string } | null;
  readonly schema: readonly SchemaFinding[];
  readonly drift: readonly DriftResult[];
  readonly rows: readonly RowVerdict[];
  /** Per-column baseline-against-batch distributions (empty without a baseline). */
  readonly distributions: readonly ColumnDistribution[];
  /** Exact and near duplicate rows inside the batch and against the baseline's row sample (null when not looked for). */
  readonly duplicates: DuplicatesSummary | null;
  /** Detectors that ran, in order. */
  readonly detectors: readonly string[];
  /** How detection went: the budget, the label classes, what could not run, and per detector its time, flags and suspicion histogram (20 bins over [0, 1]). Null when detectors were off. */
  readonly detection: {
    readonly contaminationBudget: number;
    readonly classes: readonly string[] | null;
    readonly skipped: readonly { readonly detector: string; readonly why: string }[];
    readonly perDetector: readonly {
      readonly detector: string;
      readonly ms: number;
      readonly flagged: number;
      readonly histogram: readonly number[];
      /**
       * With a baseline that holds clean flag rates: the rows flagged before the gate, the detector's
       * rate on verified data, the binomial p-value of the excess, and whether the flags were kept.
       */
      readonly baselineGate?: { readonly flaggedBeforeGate: number; readonly baselineRate: number; readonly pValue: number; readonly kept: boolean };
    }[];
    /** Encoded rows on their first two principal components (a sample; `index` are row indices). */
    readonly projection: { readonly index: readonly number[]; readonly x: readonly number[]; readonly y: readonly number[] } | null;
  } | null;
}
