/** Options every table reader (CSV, JSON Lines, Parquet) accepts. */
import type { Progress } from '../core/progress.js';
import type { SchemaOverride } from './schema-override.js';

/** Options shared by the table readers. */
export interface TableReadOptions {
  /** Kinds to use instead of inferring them, by column name; every name must exist in the file. */
  readonly schema?: SchemaOverride;
  /** Expected kinds for the columns the file has (e.g. a baseline's schema); names it lacks are ignored. `schema` wins. */
  readonly kindHints?: SchemaOverride;
  /** Accept NaN and ±Infinity in numeric and embedding cells (default false: they are an error naming the cell). */
  readonly allowNonFinite?: boolean;
  /** Leading rows buffered to infer the schema from (default 10,000). */
  readonly inferenceRows?: number;
  /** Reports bytes read. */
  readonly progress?: Progress;
}
