/**
 * Whether a matrix holds the same rows as another: value for value, which is how neighbour-based
 * detectors recognise their own fit data (whose scores leave each row out of its own
 * neighbourhood, as scikit-learn's `negative_outlier_factor_`, unlike scores of new rows); or by
 * a fingerprint, which lets a detector reuse the scores it computed while fitting without keeping
 * a copy of the data.
 */
import type { Matrix } from '../../core/matrix.js';

/** True when `a` and `b` have the same shape and equal values in every cell (one linear pass). */
export function sameRows(a: Matrix<Float32Array>, b: Matrix<Float32Array>): boolean {
  if (a.rows !== b.rows || a.cols !== b.cols) return false;
  if (a.data === b.data) return true;
  const x = a.data;
  const y = b.data;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
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
