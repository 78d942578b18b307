// Deep Partition Aggregation's vote and certificate: Levine & Feizi (2021), "Deep Partition Aggregation: Provable Defenses against General Poisoning Attacks", ICLR, arXiv:2006.14768 (Theorem 1).
import { invalidInput } from '../core/errors.js';

/** The plurality vote of the base models on one input, and how many poisoned samples it survives. */
export interface DpaCertificate {
  /** The class with the most votes; a tie goes to the lowest class code. */
  readonly prediction: number;
  /**
   * Poisoned training samples (inserted, removed or changed) that cannot change this prediction:
   * `floor((n_c − max_{c' ≠ c} (n_{c'} + [c' < c])) / 2)`, where `n` counts the votes. Each sample
   * lives in one partition, so it changes at most one base model's vote, and a changed vote moves
   * the gap between two classes by at most 2.
   */
  readonly certified: number;
}

/**
 * The plurality prediction and its certified radius from one input's vote counts (one count per
 * class; base models that abstain are simply not counted).
 *
 * @throws AntidoteError `invalid_input` for fewer than two classes or a count that is not a whole number >= 0.
 * @example
 * dpaCertificate([1, 7, 2]); // { prediction: 1, certified: 2 } — (7 − (2 + 0)) / 2, floored
 * dpaCertificate([5, 5]);    // { prediction: 0, certified: 0 } — class 0 wins the tie
 * dpaCertificate([4, 6]);    // { prediction: 1, certified: 0 } — (6 − (4 + 1)) / 2, floored
 */
export function dpaCertificate(counts: ArrayLike<number>): DpaCertificate {
  const K = counts.length;
  if (K < 2) throw invalidInput(`dpa: ${K} vote counts; give one per class, at least two`);
  let top = 0;
  for (let k = 0; k < K; k++) {
    const n = counts[k]!;
    if (!Number.isInteger(n) || n < 0) throw invalidInput(`dpa: vote count ${n} of class ${k} must be a whole number >= 0`);
    if (n > counts[top]!) top = k;
  }
  let rival = -Infinity;
  for (let k = 0; k < K; k++) if (k !== top) rival = Math.max(rival, counts[k]! + (k < top ? 1 : 0));
  return { prediction: top, certified: Math.max(0, Math.floor((counts[top]! - rival) / 2)) };
}

/** Votes, predictions and certificates of many inputs. */
export interface DpaVotes {
  /** `rows x classes` vote counts. */
  readonly counts: Int32Array;
  readonly prediction: Int32Array;
  readonly certified: Int32Array;
}

/**
 * Tallies the predictions of the base models (`predictions[m][i]`: model m's class for row i, or -1
 * when it abstains) and certifies every row with {@link dpaCertificate}.
 *
 * @throws AntidoteError `invalid_input` when the models predicted different numbers of rows or a class is out of range.
 * @example
 * dpaVotes([Int32Array.of(0, 1), Int32Array.of(0, 0), Int32Array.of(0, 1)], 2).certified; // Int32Array [1, 0]
 */
export function dpaVotes(predictions: readonly ArrayLike<number>[], classes: number): DpaVotes {
  if (predictions.length === 0) throw invalidInput('dpa: no base-model predictions to vote with');
  const rows = predictions[0]!.length;
  const counts = new Int32Array(rows * classes);
  predictions.forEach((p, m) => {
    if (p.length !== rows) throw invalidInput(`dpa: base model ${m} predicted ${p.length} rows, model 0 predicted ${rows}`);
    for (let i = 0; i < rows; i++) {
      const c = p[i]!;
      if (c === -1) continue;
      if (!Number.isInteger(c) || c < 0 || c >= classes) throw invalidInput(`dpa: base model ${m} predicted class ${c} for row ${i}; classes are 0..${classes - 1}`);
      counts[i * classes + c]!++;
    }
  });
  const prediction = new Int32Array(rows);
  const certified = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = dpaCertificate(counts.subarray(i * classes, (i + 1) * classes));
    prediction[i] = c.prediction;
    certified[i] = c.certified;
  }
  return { counts, prediction, certified };
}
