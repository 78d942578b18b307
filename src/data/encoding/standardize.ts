/**
 * Standardisation of a numeric or timestamp column: `(x - mean) / std` with the reference's mean
 * and population standard deviation (ddof = 0, as scikit-learn's `StandardScaler`). Missing and
 * non-finite values are imputed with the mean, so they encode as 0.
 */
import type { NumericColumn, TimestampColumn } from '../../core/dataset.js';
import type { StandardizeEncoding } from './encoder-state.js';

/**
 * Learns mean and standard deviation from the finite values of a reference column (0 and 1 when
 * it has none; std 1 when the column is constant).
 *
 * @example
 * fitStandardize({ kind: 'numeric', name: 'x', values: Float64Array.of(1, 3, NaN) }); // mean 2, std 1
 */
export function fitStandardize(column: NumericColumn | TimestampColumn): StandardizeEncoding {
  const v = column.values;
  let n = 0;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) {
      n++;
      sum += x;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) ss += (x - mean) * (x - mean);
  }
  const std = n > 0 ? Math.sqrt(ss / n) : 0;
  return { name: column.name, kind: column.kind, encoding: 'standardize', mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

/** Writes the standardised values into feature `offset` of each row of `out` (row length `stride`). */
export function writeStandardized(values: Float64Array, enc: StandardizeEncoding, out: Float32Array, stride: number, offset: number): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    out[i * stride + offset] = Number.isFinite(x) ? (x - enc.mean) / enc.std : 0;
  }
}
