/** Centring a class's rows, the first step of every per-class spectral detector. */
import type { Matrix } from '../../core/matrix.js';

/** Subtracts the column means from `m` in place and returns them. */
export function centreColumns(m: Matrix<Float64Array>): Float64Array {
  const { rows: n, cols: d, data } = m;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j]! -= mean[j]!;
  return mean;
}
