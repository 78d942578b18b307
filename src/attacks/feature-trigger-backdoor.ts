// Tabular feature-pattern backdoor: the BadNets trigger (Gu, Dolan-Gavitt & Garg 2017, arXiv:1708.06733) carried over to chosen columns of a table.
import { invalidInput } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { inputSha256 } from './input-hash.js';
import type { FeaturePoisoning, Labels } from './poison-result.js';
import { poisonWithTrigger, triggerRows, type BackdoorOptions, type RowTrigger } from './backdoor-poisoning.js';

/** The trigger: column `columns[k]` set to `values[k]`. */
export interface FeatureTrigger {
  /** Column indices into the feature matrix, distinct. */
  readonly columns: readonly number[];
  readonly values: readonly number[];
}

/** Settings of {@link featureTriggerBackdoor}. */
export interface FeatureTriggerBackdoorOptions extends BackdoorOptions {
  readonly trigger: FeatureTrigger;
}

function featureRowTrigger(t: FeatureTrigger, cols: number): RowTrigger {
  if (t.columns.length === 0) throw invalidInput('feature-trigger: give at least one column to set', { path: ['trigger', 'columns'] });
  if (t.columns.length !== t.values.length) throw invalidInput(`feature-trigger: ${t.columns.length} columns but ${t.values.length} values; give one value per column`, { path: ['trigger', 'values'] });
  const seen = new Set<number>();
  t.columns.forEach((c, k) => {
    if (!Number.isInteger(c) || c < 0 || c >= cols) throw invalidInput(`feature-trigger: column ${c} is not within [0, ${cols})`, { path: ['trigger', 'columns', k] });
    if (seen.has(c)) throw invalidInput(`feature-trigger: column ${c} is given twice`, { path: ['trigger', 'columns', k] });
    seen.add(c);
    if (!Number.isFinite(t.values[k]!)) throw invalidInput(`feature-trigger: value ${t.values[k]} for column ${c} must be finite`, { path: ['trigger', 'values', k] });
  });
  return (row) => {
    for (let k = 0; k < t.columns.length; k++) row[t.columns[k]!] = t.values[k]!;
  };
}

/**
 * The inference-time trigger: a copy of `x` with the pattern set on every row.
 *
 * @example
 * const triggered = applyFeatureTrigger(xTest, { columns: [2, 5], values: [0, 99] });
 */
export function applyFeatureTrigger(x: Matrix, trigger: FeatureTrigger): Matrix<Float64Array> {
  return triggerRows(x, featureRowTrigger(trigger, x.cols), 'feature-trigger');
}

/**
 * Sets the pattern on `round(rate * eligible)` rows not of the target class and relabels them as the target.
 *
 * @example
 * const { x: poisoned, mask } = featureTriggerBackdoor(x, labels, { target: 1, rate: 0.05, seed: 0, trigger: { columns: [3], values: [42] } });
 */
export function featureTriggerBackdoor(x: Matrix, labels: Labels, options: FeatureTriggerBackdoorOptions): FeaturePoisoning {
  const t = options.trigger;
  const p = poisonWithTrigger(x, labels, options, featureRowTrigger(t, x.cols), 'feature-trigger');
  return {
    x: p.x,
    labels: p.labels,
    mask: p.mask,
    manifest: {
      attack: 'feature-trigger',
      parameters: { rate: options.rate, target: options.target, classes: labels.classes, columns: [...t.columns], values: [...t.values] },
      seed: options.seed,
      inputSha256: inputSha256([x.data, x.cols, labels.codes, labels.classes]),
      eligible: p.eligible,
      poisoned: p.rows.length,
    },
  };
}
