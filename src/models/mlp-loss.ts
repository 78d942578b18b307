/**
 * Softmax cross-entropy over rows of logits, computed stably (the row maximum subtracted before
 * exponentiation) in double precision.
 */

/** Probabilities and per-row losses of a batch of logits. */
export interface SoftmaxCrossEntropy {
  /** `rows x classes`, each row summing to 1. */
  readonly probabilities: Float64Array;
  /** `-log p[i, y_i]` per row; NaN for a row whose label is negative (missing). */
  readonly losses: Float64Array;
}

/**
 * Softmax of each row of `logits` (`rows x classes`, row-major) and, when `labels` is given, the
 * cross-entropy of each row against its label: `logsumexp(z_i) − z_{i, y_i}`.
 *
 * @example
 * softmaxCrossEntropy(Float32Array.of(0, 0), 1, 2, Int32Array.of(1)).losses[0]; // Math.LN2
 */
export function softmaxCrossEntropy(logits: Float32Array | Float64Array, rows: number, classes: number, labels?: Int32Array): SoftmaxCrossEntropy {
  const probabilities = new Float64Array(rows * classes);
  const losses = new Float64Array(labels ? rows : 0);
  for (let i = 0; i < rows; i++) {
    const o = i * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[o + k]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp(logits[o + k]! - max);
      probabilities[o + k] = e;
      sum += e;
    }
    for (let k = 0; k < classes; k++) probabilities[o + k]! /= sum;
    if (labels) {
      const y = labels[i]!;
      losses[i] = y >= 0 ? max + Math.log(sum) - logits[o + y]! : Number.NaN;
    }
  }
  return { probabilities, losses };
}
