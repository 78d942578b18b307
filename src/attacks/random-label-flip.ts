// Random label flipping, the baseline of Biggio, Nelson & Laskov (2011), "Support Vector Machines Under Adversarial Label Noise", ACML.
import { invalidInput } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { inputSha256 } from './input-hash.js';
import type { Labels, LabelPoisoning } from './poison-result.js';
import { checkLabels, chooseRows, eligibleRows, maskOf, poisonCount } from './poison-rows.js';

/** Settings of {@link randomLabelFlip}. */
export interface RandomLabelFlipOptions {
  /** Fraction of the labelled rows to flip, in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
}

/**
 * Flips `round(rate * labelled rows)` labels, chosen uniformly among the labelled rows, each to
 * another class drawn uniformly. Rows with a missing label (-1) are never chosen.
 *
 * @throws AntidoteError `invalid_input` for fewer than two classes or a rate outside [0, 1].
 * @example
 * const { labels: poisoned, mask, manifest } = randomLabelFlip({ codes, classes: 2 }, { rate: 0.2, seed: 7 });
 */
export function randomLabelFlip(labels: Labels, options: RandomLabelFlipOptions): LabelPoisoning {
  const n = labels.codes.length;
  checkLabels(labels, n, 'label-flip');
  if (labels.classes < 2) throw invalidInput(`label-flip: ${labels.classes} class; flipping needs at least two`);
  const eligible = eligibleRows(labels, () => true);
  const count = poisonCount(options.rate, eligible.length);
  const rng = createRng(options.seed);
  const rows = chooseRows(eligible, count, rng);
  const out = labels.codes.slice();
  for (const i of rows) {
    const y = out[i]!;
    // Uniform over the K - 1 other classes: draw from [0, K-1) and skip over y.
    const r = rng.nextInt(labels.classes - 1);
    out[i] = r >= y ? r + 1 : r;
  }
  return {
    labels: out,
    mask: maskOf(n, rows),
    manifest: {
      attack: 'label-flip',
      parameters: { rate: options.rate, classes: labels.classes },
      seed: options.seed,
      inputSha256: inputSha256([labels.codes, labels.classes]),
      eligible: eligible.length,
      poisoned: rows.length,
    },
  };
}
