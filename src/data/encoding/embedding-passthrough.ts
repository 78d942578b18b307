/** Embedding columns pass through unchanged; non-finite elements (a missing row is NaN) become 0. */
import type { EmbeddingColumn } from '../../core/dataset.js';
import type { PassthroughEncoding } from './encoder-state.js';

/**
 * A pass-through encoding of the column's `dim` features.
 *
 * @example
 * fitPassthrough(column).dim; // 384
 */
export function fitPassthrough(column: EmbeddingColumn): PassthroughEncoding {
  return { name: column.name, kind: 'embedding', encoding: 'passthrough', dim: column.dim };
}

/** Feature names: `name[0]` ... `name[dim-1]`. */
export function passthroughFeatureNames(enc: PassthroughEncoding): string[] {
  return Array.from({ length: enc.dim }, (_, i) => `${enc.name}[${i}]`);
}

/** Copies each row's vector (width `dim`) to `offset` of its row of `out`. */
export function writePassthrough(column: EmbeddingColumn, enc: PassthroughEncoding, out: Float32Array, stride: number, offset: number): void {
  const v = column.values;
  const dim = enc.dim;
  const rows = dim === 0 ? 0 : v.length / dim;
  for (let i = 0; i < rows; i++) {
    const src = i * dim;
    const dst = i * stride + offset;
    for (let j = 0; j < dim; j++) {
      const x = v[src + j]!;
      out[dst + j] = Number.isFinite(x) ? x : 0;
    }
  }
}
