import type { Column, Dataset } from '../core/dataset.js';

/**
 * The rows `index` of a data set (in that order), every column copied.
 *
 * @example
 * const sample = selectRows(ds, sampleIndices(ds.rowCount, 1000, rng));
 */
export function selectRows(ds: Dataset, index: ArrayLike<number>): Dataset {
  const n = index.length;
  const columns = ds.columns.map((c): Column => {
    switch (c.kind) {
      case 'numeric':
      case 'timestamp':
        return { ...c, values: Float64Array.from({ length: n }, (_, i) => c.values[index[i]!]!) };
      case 'boolean':
        return { ...c, values: Uint8Array.from({ length: n }, (_, i) => c.values[index[i]!]!) };
      case 'categorical':
        return { ...c, codes: Int32Array.from({ length: n }, (_, i) => c.codes[index[i]!]!) };
      case 'text':
        return { ...c, values: Array.from({ length: n }, (_, i) => c.values[index[i]!]!) };
      case 'embedding': {
        const values = new Float32Array(n * c.dim);
        for (let i = 0; i < n; i++) values.set(c.values.subarray(index[i]! * c.dim, (index[i]! + 1) * c.dim), i * c.dim);
        return { ...c, values };
      }
    }
  });
  return { rowCount: n, columns };
}
