/**
 * The poisoning step the dirty-label backdoors share (Gu et al. 2017): pick rows of other classes
 * than the target, stamp the trigger on them, relabel them as the target.
 */
import type { Matrix } from '../core/matrix.js';
import { createRng, type Rng } from '../core/rng.js';
import type { Labels } from './poison-result.js';
import { checkClass, checkLabels, chooseRows, eligibleRows, poisonCount, maskOf } from './poison-rows.js';
import { invalidInput } from '../core/errors.js';

/** Stamps a trigger on one row in place. */
export type RowTrigger = (row: Float64Array) => void;

/** Settings every dirty-label backdoor shares. */
export interface BackdoorOptions {
  /** The class triggered inputs should be classified as. */
  readonly target: number;
  /** Fraction of the eligible rows (labelled, not of the target class) to poison, in [0, 1]. */
  readonly rate: number;
  readonly seed: number;
}

/** A copy of `x` as float64, checked to be a well-formed matrix. */
export function copyMatrix(x: Matrix, attack: string): Matrix<Float64Array> {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1 || x.data.length !== x.rows * x.cols) {
    throw invalidInput(`${attack}: x is ${x.rows} x ${x.cols} with ${x.data.length} values; it needs at least one column and rows * cols values`);
  }
  return { rows: x.rows, cols: x.cols, data: Float64Array.from(x.data) };
}

/** A copy of `x` with `trigger` stamped on the given rows (every row when `rows` is absent). */
export function triggerRows(x: Matrix, trigger: RowTrigger, attack: string, rows?: ArrayLike<number>): Matrix<Float64Array> {
  const out = copyMatrix(x, attack);
  const d = out.cols;
  const apply = (i: number) => trigger(out.data.subarray(i * d, (i + 1) * d));
  if (rows === undefined) for (let i = 0; i < out.rows; i++) apply(i);
  else for (let k = 0; k < rows.length; k++) apply(rows[k]!);
  return out;
}

/** What {@link poisonWithTrigger} did. */
export interface TriggerPoisoning {
  readonly x: Matrix<Float64Array>;
  readonly labels: Int32Array;
  readonly mask: Uint8Array;
  readonly eligible: number;
  readonly rows: Uint32Array;
}

/**
 * Chooses `round(rate * eligible)` labelled rows not of the target class (seeded), stamps the
 * trigger on them and relabels them as the target. `rng` defaults to a generator from
 * `options.seed`; an attack that draws something else first (a blend pattern) passes its own.
 */
export function poisonWithTrigger(x: Matrix, labels: Labels, options: BackdoorOptions, trigger: RowTrigger, attack: string, rng: Rng = createRng(options.seed)): TriggerPoisoning {
  checkLabels(labels, x.rows, attack);
  checkClass(options.target, labels.classes, 'target');
  const eligible = eligibleRows(labels, (c) => c !== options.target);
  const rows = chooseRows(eligible, poisonCount(options.rate, eligible.length), rng);
  const out = triggerRows(x, trigger, attack, rows);
  const codes = labels.codes.slice();
  for (const i of rows) codes[i] = options.target;
  return { x: out, labels: codes, mask: maskOf(x.rows, rows), eligible: eligible.length, rows };
}
