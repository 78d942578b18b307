import type { ColumnKind } from './dataset.js';

/** What one column is: its name, kind, and for embeddings the vector length. */
export interface ColumnSchema {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Vector length, for `embedding` columns only. */
  readonly dim?: number;
}

/** The shape of a table, in column order. */
export interface Schema {
  readonly columns: readonly ColumnSchema[];
}
