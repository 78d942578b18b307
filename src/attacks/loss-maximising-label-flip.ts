// Loss-maximising label flips, a greedy form of the adversarial label-flip attack of Xiao, Xiao & Eckert (2012), "Adversarial Label Flips Attack on Support Vector Machines", ECAI.
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { inputSha256 } from './input-hash.js';
import type { Labels, LabelPoisoning } from './poison-result.js';
import { checkLabels, eligibleRows, maskOf, poisonCount } from './poison-rows.js';
import { fitSoftmaxSurrogate, surrogateProba, type SurrogateOptions } from './softmax-surrogate.js';

/** Settings of {@link lossMaximisingLabelFlip}. */
export interface LossMaximisingLabelFlipOptions extends SurrogateOptions {
  /** Fraction of the labelled rows to flip, in [0, 1]. */
  readonly rate: number;
  /** Recorded in the manifest; the attack itself is deterministic (ties go to the lower row). */
  readonly seed: number;
  /**
   * Refit rounds (default 1): the flips are made in this many equal batches, the surrogate being
   * refitted on the labels poisoned so far before each batch (ALFA's alternation, coarsely).
   */
  readonly rounds?: number;
}

/**
 * Flips the `round(rate * labelled rows)` labels whose flip raises the surrogate's training loss
 * the most. Xiao et al. (2012) pose the attack as a bilevel problem (flip the labels that
 * maximise the loss of the classifier retrained on them) and solve a relaxation by alternating
 * between the classifier and the flips. This simulator takes the greedy first-order form of that
 * idea, for any number of classes: fit a softmax-regression surrogate on the current labels,
 * score each unflipped row by the log-loss of its most damaging wrong label,
 * max_{k≠y} −log p(k | x), and flip the highest-scoring rows to that label. Those are the rows
 * the surrogate is most confident about, far from the boundary on their own side, which is why
 * their flips pull the retrained boundary furthest (Biggio et al. 2011 make the same observation
 * for SVMs). With `rounds > 1` the surrogate is refitted between batches, so later flips respond
 * to earlier ones.
 *
 * @throws AntidoteError `invalid_input` for fewer than two classes, a bad rate or round count, or a non-finite feature.
 * @example
 * const { labels: poisoned, mask } = await lossMaximisingLabelFlip(x, { codes, classes: 2 }, { rate: 0.1, seed: 0 });
 */
export async function lossMaximisingLabelFlip(x: Matrix, labels: Labels, options: LossMaximisingLabelFlipOptions): Promise<LabelPoisoning> {
  const n = x.rows;
  checkLabels(labels, n, 'loss-flip');
  if (labels.classes < 2) throw invalidInput(`loss-flip: ${labels.classes} class; flipping needs at least two`);
  const rounds = options.rounds ?? 1;
  if (!Number.isInteger(rounds) || rounds < 1) throw invalidInput(`loss-flip: rounds = ${rounds} must be a positive integer`, { path: ['rounds'] });
  const eligible = eligibleRows(labels, () => true);
  const count = poisonCount(options.rate, eligible.length);
  const K = labels.classes;
  const current = labels.codes.slice();
  const flipped = new Uint8Array(n);
  let done = 0;
  for (let r = 0; r < rounds && done < count; r++) {
    const batch = Math.ceil((count - done) / (rounds - r));
    const surrogate = await fitSoftmaxSurrogate(x, { codes: current, classes: K }, options);
    const p = await surrogateProba(surrogate, x);
    const candidates: { row: number; loss: number; to: number }[] = [];
    for (const i of eligible) {
      if (flipped[i]) continue;
      const y = current[i]!;
      let to = -1;
      let lowest = Infinity;
      for (let k = 0; k < K; k++) {
        if (k !== y && p[i * K + k]! < lowest) {
          lowest = p[i * K + k]!;
          to = k;
        }
      }
      candidates.push({ row: i, loss: -Math.log(Math.max(lowest, 1e-300)), to });
    }
    candidates.sort((a, b) => b.loss - a.loss || a.row - b.row);
    for (const c of candidates.slice(0, batch)) {
      current[c.row] = c.to;
      flipped[c.row] = 1;
      done++;
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (flipped[i]) rows.push(i);
  return {
    labels: current,
    mask: maskOf(n, rows),
    manifest: {
      attack: 'loss-flip',
      parameters: { rate: options.rate, classes: K, rounds, surrogate: 'softmax-regression', C: options.C ?? 1, maxIterations: options.maxIterations ?? 100 },
      seed: options.seed,
      inputSha256: inputSha256([x.data, x.cols, labels.codes, K]),
      eligible: eligible.length,
      poisoned: rows.length,
    },
  };
}
