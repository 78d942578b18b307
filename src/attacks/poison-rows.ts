/**
 * The shared selection step of every simulator: which rows may be poisoned, how many
 * (`round(rate * eligible)`), and a seeded choice among them.
 */
import { invalidInput } from '../core/errors.js';
import type { Labels } from '../core/detector.js';
import { sampleIndices, type Rng } from '../core/rng.js';

/**
 * How many of `eligible` rows a poison rate asks for: `Math.round(rate * eligible)`.
 *
 * @throws AntidoteError `invalid_input` unless 0 <= rate <= 1.
 * @example
 * poisonCount(0.1, 95); // 10 (9.5 rounds half up)
 */
export function poisonCount(rate: number, eligible: number): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw invalidInput(`poison rate ${rate} must be a number from 0 to 1 (a fraction of the eligible rows)`, { path: ['rate'] });
  return Math.round(rate * eligible);
}

/** The indices (ascending) of the rows for which `keep(label)` holds; missing labels (-1) never qualify. */
export function eligibleRows(labels: Labels, keep: (label: number) => boolean): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < labels.codes.length; i++) {
    const c = labels.codes[i]!;
    if (c >= 0 && keep(c)) out.push(i);
  }
  return Uint32Array.from(out);
}

/** `count` of the `eligible` row indices, chosen uniformly without replacement, ascending. */
export function chooseRows(eligible: Uint32Array, count: number, rng: Rng): Uint32Array {
  const picks = sampleIndices(eligible.length, count, rng);
  const rows = new Uint32Array(picks.length);
  for (let k = 0; k < picks.length; k++) rows[k] = eligible[picks[k]!]!;
  return rows.sort();
}

/** A mask of `n` rows with 1 at `rows`. */
export function maskOf(n: number, rows: ArrayLike<number>): Uint8Array {
  const mask = new Uint8Array(n);
  for (let k = 0; k < rows.length; k++) mask[rows[k]!] = 1;
  return mask;
}

/**
 * Checks labels against a class count: codes of the right length, each -1 or in [0, classes).
 *
 * @throws AntidoteError `invalid_input` naming the first bad row.
 */
export function checkLabels(labels: Labels, rows: number, attack: string): void {
  if (!Number.isInteger(labels.classes) || labels.classes < 1) throw invalidInput(`${attack}: labels.classes = ${labels.classes} must be a positive integer`);
  if (labels.codes.length !== rows) throw invalidInput(`${attack}: ${labels.codes.length} labels for ${rows} rows; give one label per row`);
  for (let i = 0; i < labels.codes.length; i++) {
    const c = labels.codes[i]!;
    if (c < -1 || c >= labels.classes) throw invalidInput(`${attack}: label ${c} of row ${i} must be -1 (missing) or within [0, ${labels.classes})`);
  }
}

/**
 * Checks that `cls` names a class of the labels.
 *
 * @throws AntidoteError `invalid_input` listing the valid codes.
 */
export function checkClass(cls: number, classes: number, what: string): void {
  if (!Number.isInteger(cls) || cls < 0 || cls >= classes) throw invalidInput(`${what} class ${cls} must be one of 0..${classes - 1}`, { path: [what] });
}
