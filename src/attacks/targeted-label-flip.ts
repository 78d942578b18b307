// Class-targeted label flipping (source → target), as in Tolpegin et al. (2020), "Data Poisoning Attacks Against Federated Learning Systems", ESORICS.
import { invalidInput } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { inputSha256 } from './input-hash.js';
import type { Labels, LabelPoisoning } from './poison-result.js';
import { checkClass, checkLabels, chooseRows, eligibleRows, maskOf, poisonCount } from './poison-rows.js';

/** Settings of {@link targetedLabelFlip}. */
export interface TargetedLabelFlipOptions {
  /** The class whose rows are relabelled (e.g. spam). */
  readonly source: number;
  /** The class they are relabelled as (e.g. ham). */
  readonly target: number;
  /** Fraction of the source-class rows to flip, in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
}

/**
 * Relabels `round(rate * source rows)` rows of class `source`, chosen uniformly, as `target`:
 * the spam → ham attack that teaches a filter to let spam through.
 *
 * @throws AntidoteError `invalid_input` for a class out of range, source = target, or a rate outside [0, 1].
 * @example
 * const { labels: poisoned, mask } = targetedLabelFlip({ codes, classes: 2 }, { source: SPAM, target: HAM, rate: 0.3, seed: 1 });
 */
export function targetedLabelFlip(labels: Labels, options: TargetedLabelFlipOptions): LabelPoisoning {
  const n = labels.codes.length;
  checkLabels(labels, n, 'targeted-flip');
  checkClass(options.source, labels.classes, 'source');
  checkClass(options.target, labels.classes, 'target');
  if (options.source === options.target) throw invalidInput(`targeted-flip: source and target are both class ${options.source}; they must differ`, { path: ['target'] });
  const eligible = eligibleRows(labels, (c) => c === options.source);
  const rows = chooseRows(eligible, poisonCount(options.rate, eligible.length), createRng(options.seed));
  const out = labels.codes.slice();
  for (const i of rows) out[i] = options.target;
  return {
    labels: out,
    mask: maskOf(n, rows),
    manifest: {
      attack: 'targeted-flip',
      parameters: { rate: options.rate, source: options.source, target: options.target, classes: labels.classes },
      seed: options.seed,
      inputSha256: inputSha256([labels.codes, labels.classes]),
      eligible: eligible.length,
      poisoned: rows.length,
    },
  };
}
