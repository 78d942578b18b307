/**
 * Whether a batch is the data a detector was fitted on (by value, not identity): transductive
 * detectors (neighbours, cross-validated probabilities) score their own fit data differently from
 * new rows, leaving each row out of its own neighbourhood or model.
 */
import type { Matrix } from '../../core/matrix.js';

/** True when both matrices have the same shape and the same values, in order. */
export function sameRows(a: Matrix, b: Matrix): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  if (a.data === b.data) return true;
  const x = a.data;
  const y = b.data;
  for (let p = 0; p < x.length; p++) if (x[p] !== y[p]) return false;
  return true;
}

/** True when both label arrays hold the same codes. */
export function sameCodes(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A private copy of a feature matrix, so later edits of the caller's array cannot change the fitted state. */
export function copyMatrix(x: Matrix<Float32Array>): Matrix<Float32Array> {
  return { rows: x.rows, cols: x.cols, data: Float32Array.from(x.data) };
}
