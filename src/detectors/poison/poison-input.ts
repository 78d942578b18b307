/**
 * Input checks shared by the poison detectors: the matrix, its width against the fitted one, and
 * the labels. Every message names the detector, the bad value and the rule.
 */
import type { Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';

/**
 * Checks a feature matrix: integer shape with at least one column and `minRows` rows, data of
 * `rows * cols` values, every value finite.
 *
 * @throws AntidoteError `invalid_input` naming the detector and the first bad cell.
 */
export function checkFeatures(x: Matrix, who: string, minRows = 1): void {
  if (!Number.isInteger(x.rows) || !Number.isInteger(x.cols) || x.rows < 0 || x.cols < 1) {
    throw invalidInput(`${who}: x has shape ${x.rows} x ${x.cols}; it needs a non-negative integer row count and at least one column`);
  }
  if (!(x.data instanceof Float32Array || x.data instanceof Float64Array) || x.data.length !== x.rows * x.cols) {
    throw invalidInput(`${who}: x is ${x.rows} x ${x.cols} but holds ${x.data.length} values; it must be a Float32Array or Float64Array of rows * cols`);
  }
  if (x.rows < minRows) throw invalidInput(`${who}: x has ${x.rows} rows; at least ${minRows} are needed`);
  const v = x.data;
  for (let p = 0; p < v.length; p++) {
    if (!Number.isFinite(v[p]!)) {
      throw invalidInput(`${who}: x[${Math.floor(p / x.cols)}][${p % x.cols}] is ${v[p]}; every feature must be a finite number`);
    }
  }
}

/**
 * Checks that a matrix to score has the width the detector was fitted on, then its values.
 *
 * @throws AntidoteError `invalid_input` giving both widths.
 */
export function checkScoringFeatures(x: Matrix, fittedCols: number, who: string): void {
  if (x.cols !== fittedCols) throw invalidInput(`${who}: x has ${x.cols} columns but the detector was fitted on ${fittedCols}; score rows of the same width`);
  checkFeatures(x, who, 0);
}

/**
 * Checks the labels of a label-aware detector: present, one Int32 code per row, each -1 (missing)
 * or within [0, classes).
 *
 * @returns the labels, narrowed to defined
 * @throws AntidoteError `invalid_input` for absent labels, a wrong length, or a code out of range.
 */
export function checkLabels(labels: Labels | undefined, rows: number, who: string): Labels {
  if (!labels) throw invalidInput(`${who}: labels are required (integer class codes, one per row)`);
  const { codes, classes } = labels;
  if (!Number.isInteger(classes) || classes < 1) throw invalidInput(`${who}: labels.classes = ${classes} must be a positive integer`);
  if (!(codes instanceof Int32Array)) throw invalidInput(`${who}: labels.codes must be an Int32Array`);
  if (codes.length !== rows) throw invalidInput(`${who}: ${codes.length} labels for ${rows} rows; give one label per row`);
  for (let i = 0; i < rows; i++) {
    const c = codes[i]!;
    if (c < -1 || c >= classes) throw invalidInput(`${who}: label ${c} of row ${i} must be -1 (missing) or within [0, ${classes})`);
  }
  return labels;
}

/** The row indices of each class, ascending (rows labelled -1 belong to none). */
export function membersByClass(codes: Int32Array, classes: number): Uint32Array[] {
  const counts = new Uint32Array(classes);
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) counts[codes[i]!]!++;
  const out = Array.from(counts, (c) => new Uint32Array(c));
  const fill = new Uint32Array(classes);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) out[c]![fill[c]!++] = i;
  }
  return out;
}

/** The rows of `x` at `indices`, as a new double-precision matrix. */
export function gatherRows(x: Matrix, indices: ArrayLike<number>): Matrix<Float64Array> {
  const d = x.cols;
  const out = new Float64Array(indices.length * d);
  for (let r = 0; r < indices.length; r++) {
    const o = indices[r]! * d;
    for (let j = 0; j < d; j++) out[r * d + j] = x.data[o + j]!;
  }
  return { rows: indices.length, cols: d, data: out };
}

/** Rows whose label is not -1, ascending. */
export function labelledRows(codes: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) out.push(i);
  return out;
}

/**
 * Checks the seeded generator every detector takes (even one that draws nothing, so the factories are uniform).
 *
 * @throws AntidoteError `invalid_input` when it is missing.
 */
export function checkRng(rng: Rng | undefined, who: string): Rng {
  if (!rng || typeof rng.next !== 'function') throw invalidInput(`${who}: options.rng must be a seeded Rng (createRng(seed))`);
  return rng;
}
