/** The schema a data set has, e.g. to store beside a baseline and read later batches the same way. */
import type { Dataset } from '../core/dataset.js';
import type { Schema } from '../core/schema.js';

/**
 * The {@link Schema} of a data set: each column's name and kind, with `dim` for embeddings.
 *
 * @example
 * schemaOf(ds); // { columns: [{ name: 'age', kind: 'numeric' }, { name: 'emb', kind: 'embedding', dim: 384 }] }
 */
export function schemaOf(dataset: Dataset): Schema {
  return {
    columns: dataset.columns.map((c) => (c.kind === 'embedding' ? { name: c.name, kind: c.kind, dim: c.dim } : { name: c.name, kind: c.kind })),
  };
}
