/**
 * Boolean columns as one 0/1 feature; a missing value is imputed with the reference's share of
 * true values (the mean, as for numeric columns).
 */
import type { BooleanColumn } from '../../core/dataset.js';
import type { BinaryEncoding } from './encoder-state.js';

/**
 * Learns the share of true values among the reference's non-missing values (0 when there are none).
 *
 * @example
 * fitBinary({ kind: 'boolean', name: 'ok', values: Uint8Array.of(1, 0, 1, 255) }).mean; // 2/3
 */
export function fitBinary(column: BooleanColumn): BinaryEncoding {
  let n = 0;
  let ones = 0;
  for (const b of column.values) {
    if (b === 255) continue;
    n++;
    ones += b;
  }
  return { name: column.name, kind: 'boolean', encoding: 'binary', mean: n > 0 ? ones / n : 0 };
}

/** Writes 0/1 (or the mean for missing) into feature `offset` of each row of `out`. */
export function writeBinary(values: Uint8Array, enc: BinaryEncoding, out: Float32Array, stride: number, offset: number): void {
  for (let i = 0; i < values.length; i++) {
    const b = values[i]!;
    out[i * stride + offset] = b === 255 ? enc.mean : b;
  }
}
