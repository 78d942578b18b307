/**
 * The columnar data set every layer works on: one typed array per column, missing values
 * encoded in-band (NaN for numbers, -1 for category codes, null for text).
 */

/** The kinds of column schema inference can produce. */
export const COLUMN_KINDS = ['numeric', 'categorical', 'boolean', 'text', 'timestamp', 'embedding'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** Real numbers; NaN marks a missing value. */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  readonly values: Float64Array;
}

/** Categories as integer codes into `categories`; -1 marks a missing value. */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

/** 0 = false, 1 = true, 255 = missing. */
export interface BooleanColumn {
  readonly kind: 'boolean';
  readonly name: string;
  readonly values: Uint8Array;
}

/** Free text (an e-mail, a review); null marks a missing value. */
export interface TextColumn {
  readonly kind: 'text';
  readonly name: string;
  readonly values: readonly (string | null)[];
}

/** Milliseconds since the Unix epoch (UTC); NaN marks a missing value. */
export interface TimestampColumn {
  readonly kind: 'timestamp';
  readonly name: string;
  readonly values: Float64Array;
}

/** A fixed-length vector per row, row-major: row i is `values.subarray(i * dim, (i + 1) * dim)`. */
export interface EmbeddingColumn {
  readonly kind: 'embedding';
  readonly name: string;
  readonly dim: number;
  readonly values: Float32Array;
}

export type Column =
  | NumericColumn
  | CategoricalColumn
  | BooleanColumn
  | TextColumn
  | TimestampColumn
  | EmbeddingColumn;

/** A table: named, typed columns of equal length. */
export interface Dataset {
  readonly rowCount: number;
  readonly columns: readonly Column[];
}

/** The column called `name`, or undefined. */
export function findColumn(ds: Dataset, name: string): Column | undefined {
  return ds.columns.find((c) => c.name === name);
}

/** How many rows a column holds. */
export function columnLength(c: Column): number {
  switch (c.kind) {
    case 'numeric':
    case 'timestamp':
    case 'boolean':
      return c.values.length;
    case 'categorical':
      return c.codes.length;
    case 'text':
      return c.values.length;
    case 'embedding':
      return c.dim === 0 ? 0 : c.values.length / c.dim;
  }
}

/** True when row `i` of `c` is missing. */
export function isMissing(c: Column, i: number): boolean {
  switch (c.kind) {
    case 'numeric':
    case 'timestamp':
      return Number.isNaN(c.values[i]!);
    case 'categorical':
      return c.codes[i]! < 0;
    case 'boolean':
      return c.values[i] === 255;
    case 'text':
      return c.values[i] === null;
    case 'embedding':
      return Number.isNaN(c.values[i * c.dim]!);
  }
}
