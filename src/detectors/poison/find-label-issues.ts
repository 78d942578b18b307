/**
 * Label issues by confident learning's "prune by noise rate" (Northcutt, Jiang & Chuang 2021,
 * section 3.2, Cl:PBNR), as cleanlab's `filter.find_label_issues(labels,
 * pred_probs, filter_by='prune_by_noise_rate')` with its defaults (frac_noise 1, at least one row
 * kept per class): for every off-diagonal cell (given i, true j) of the calibrated confident joint,
 * the rows labelled i with the largest margin p̂_j − p̂_i are pruned, that many of them; rows whose
 * most probable class is their given label are never issues.
 */
import { computeConfidentJoint, rowArgmax, roundPreservingRowTotals } from './confident-joint.js';

/** Settings of {@link findLabelIssues}. */
export interface FindLabelIssuesOptions {
  /** Rows kept per class at the least (cleanlab's `min_examples_per_class`, default 1). */
  readonly minExamplesPerClass?: number;
}

/** What {@link findLabelIssues} found, with the counts it used. */
export interface LabelIssues {
  /** 1 where the row's label is an issue. */
  readonly issues: Uint8Array;
  /** The calibrated confident joint, row-major `classes x classes` (given x true). */
  readonly confidentJoint: Float64Array;
  /** The per-class thresholds. */
  readonly thresholds: Float64Array;
  /**
   * Rows to prune, row-major `classes x classes`, transposed relative to the joint: entry (j, i) =
   * rows labelled i to prune as likely class j (cleanlab's `prune_count_matrix`).
   */
  readonly pruneCounts: Float64Array;
}

/**
 * Finds label issues from out-of-sample predicted probabilities.
 *
 * Ties in the margin are broken by row order (numpy's quicksort in cleanlab leaves their order
 * unspecified); with continuous probabilities there are none.
 *
 * @param codes given labels, each in [0, classes)
 * @param probs out-of-sample predicted probabilities, row-major `rows x classes`
 */
export function findLabelIssues(codes: Int32Array, probs: Float64Array, classes: number, options: FindLabelIssuesOptions = {}): LabelIssues {
  const minPerClass = options.minExamplesPerClass ?? 1;
  const K = classes;
  const n = codes.length;
  const { joint, thresholds } = computeConfidentJoint(codes, probs, K, true);
  const pruneCounts = keepAtLeastPerClass(transpose(joint, K), K, minPerClass);

  const byClass: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < n; i++) byClass[codes[i]!]!.push(i);
  const issues = new Uint8Array(n);
  for (let k = 0; k < K; k++) {
    const rows = byClass[k]!;
    // cleanlab leaves classes with at most min_examples_per_class rows (and single rows) alone.
    if (rows.length <= minPerClass || rows.length <= 1) continue;
    for (let j = 0; j < K; j++) {
      const prune = pruneCounts[j * K + k]!;
      if (j === k || prune <= 0) continue;
      const margin = rows.map((i) => probs[i * K + j]! - probs[i * K + k]!);
      const order = rows.map((_, r) => r).sort((a, b) => margin[b]! - margin[a]! || a - b);
      for (let r = 0; r < Math.min(prune, rows.length); r++) issues[rows[order[r]!]!] = 1;
    }
  }
  for (let i = 0; i < n; i++) if (rowArgmax(probs, i, K) === codes[i]) issues[i] = 0;
  return { issues, confidentJoint: joint, thresholds, pruneCounts };
}

function transpose(m: Float64Array, K: number): Float64Array {
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) out[j * K + i] = m[i * K + j]!;
  return out;
}

/**
 * cleanlab's `_keep_at_least_n_per_class` (with frac_noise = 1): raise each diagonal entry of the
 * prune-count matrix to at least `n`, take what was added evenly off that column's other non-zero
 * entries (never below 0), truncate to integers, and round rows preserving their totals.
 */
function keepAtLeastPerClass(pcm: Float64Array, K: number, n: number): Float64Array {
  const diff = new Float64Array(K);
  const noiseRates = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    const d = pcm[j * K + j]!;
    diff[j] = Math.max(d, n) - d;
    let nonZero = 0;
    for (let i = 0; i < K; i++) if (pcm[i * K + j] !== 0) nonZero++;
    noiseRates[j] = Math.max(nonZero - 1, 1);
  }
  const out = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const v = i === j ? Math.max(pcm[j * K + j]!, n) : pcm[i * K + j]! - diff[j]! / noiseRates[j]!;
      // astype(int) after clipping at 0: truncation toward zero.
      out[i * K + j] = Math.trunc(Math.max(0, v));
    }
  }
  // Already integers, so this changes nothing; kept for parity with cleanlab.
  return roundPreservingRowTotals(out, K);
}
