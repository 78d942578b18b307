/**
 * Recognising a detector's own fit data: transductive detectors (neighbours, cross-validated
 * probabilities) score their fit rows differently from new rows (each row left out of its own
 * neighbourhood or model, as scikit-learn's `negative_outlier_factor_`). By value, not identity;
 * or by a fingerprint, which lets a detector reuse its fit scores without keeping a copy.
 */
import type { Matrix } from '../core/matrix.js';

/** True when `a` and `b` have the same shape and equal values in every cell (one linear pass). */
export function sameRows(a: Matrix, b: Matrix): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  if (a.data === b.data) return true;
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
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

/**
 * A 64-bit fingerprint of a matrix's shape and values (two independent 32-bit multiplicative
 * hashes over the bit patterns), as a string. Equal matrices have equal fingerprints; a changed
 * value changes it except with probability about 2⁻⁶⁴.
 */
export function rowsFingerprint(m: Matrix<Float32Array>): string {
  const bits = new Uint32Array(m.data.buffer, m.data.byteOffset, m.data.length);
  let a = 0x811c9dc5 ^ m.rows;
  let b = 0x9747b28c ^ m.cols;
  for (let i = 0; i < bits.length; i++) {
    const v = bits[i]!;
    a = Math.imul(a ^ v, 0x01000193);
    b = Math.imul((b ^ v) + i, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}:${m.rows}x${m.cols}`;
}
