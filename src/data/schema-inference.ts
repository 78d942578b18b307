/**
 * Schema inference: which {@link ColumnKind} each column is, decided from a sample of its values
 * (the first {@link DEFAULT_INFERENCE_ROWS} rows; the readers then parse the rest strictly
 * against the result, and a later value that does not fit is an error naming its cell).
 *
 * The rules, applied to the non-missing values of the sample (see `isMissingValue`: the empty
 * cell, `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`, `None`):
 *
 * 1. No non-missing value at all: `text` (the kind that accepts whatever comes later).
 * 2. Typed values, as JSON Lines and Parquet deliver them: all JSON/Parquet booleans → `boolean`;
 *    all numbers (or bigints) → `numeric` (so a JSON 0/1 column stays numeric: JSON has real
 *    booleans); all `Date`s → `timestamp`; all arrays of numbers → `embedding`, its length taken
 *    from the first. A mix of types falls through to the text rules on each value's text form.
 * 3. Text values, in this order of precedence:
 *    - `boolean` when every value is `true`/`false`/`yes`/`no`/`1`/`0` (any case). A column of
 *      only `0` and `1` is therefore boolean, the usual meaning of a 0/1 flag or label; a
 *      single other integer (`2`) makes it numeric. Override the kind if your 0/1 column is a count.
 *    - `numeric` when every value is a decimal number (`-1.5e3`; not hex, not `1,000`).
 *      `inf`/`Infinity` count as numbers here, and the reader then rejects them unless
 *      `allowNonFinite` is set.
 *    - `timestamp` when every value is an ISO 8601 date or date-time (offset-less times are UTC).
 *    - `embedding` when every value is a bracketed number list (`[0.1, 0.2]` or `[0.1 0.2]`) with
 *      at least one element; its `dim` is the first value's length, and a later list of another
 *      length is reported at its line.
 *    - `text` when the values read like prose: a mean length of at least
 *      {@link TEXT_MIN_MEAN_LENGTH} characters (e-mails, reviews), or most values (>= half) hold
 *      whitespace, have {@link TEXT_MIN_MEAN_WORDS} or more words on average and at least half the
 *      values are distinct.
 *    - `categorical` otherwise (labels, codes, city names, identifiers).
 */
import type { ColumnKind } from '../core/dataset.js';
import type { ColumnSchema, Schema } from '../core/schema.js';
import { cellText, parseBooleanCell, parseNumberCell, parseNumberListCell, parseTimestampCell } from './cell-parsers.js';
import { isMissingValue } from './missing-value.js';

/** How many leading rows the readers buffer to infer a schema from. */
export const DEFAULT_INFERENCE_ROWS = 10_000;
/** Mean length (characters) from which a string column is `text` rather than `categorical`. */
export const TEXT_MIN_MEAN_LENGTH = 50;
/** Mean word count from which a mostly-whitespace, mostly-distinct string column is `text`. */
export const TEXT_MIN_MEAN_WORDS = 3;

/**
 * The schema of one column from a sample of its raw values (strings from CSV; strings, numbers,
 * booleans, arrays, `Date`s or null from JSON Lines and Parquet). See the file comment for the rules.
 *
 * @example
 * inferColumnSchema('age', ['31', '', '45']); // { name: 'age', kind: 'numeric' }
 * inferColumnSchema('emb', ['[0.1, 0.2]', '[0.3, 0.4]']); // { name: 'emb', kind: 'embedding', dim: 2 }
 */
export function inferColumnSchema(name: string, values: readonly unknown[]): ColumnSchema {
  const present = values.filter((v) => !isMissingValue(v));
  if (present.length === 0) return { name, kind: 'text' };
  const typed = inferTypedKind(present);
  if (typed) return { name, ...typed };
  return { name, ...inferTextKind(present.map(cellText)) };
}

/**
 * The schema of a table from the names of its columns and a sample of rows (each row holds one
 * raw value per column, in the same order).
 *
 * @example
 * inferSchema(['id', 'ok'], [['1', 'yes'], ['2', 'no']]).columns.map((c) => c.kind); // ['numeric', 'boolean']
 */
export function inferSchema(names: readonly string[], rows: readonly (readonly unknown[])[]): Schema {
  return { columns: names.map((name, j) => inferColumnSchema(name, rows.map((r) => r[j]))) };
}

interface KindAndDim {
  readonly kind: ColumnKind;
  readonly dim?: number;
}

function isNumberArray(v: unknown): v is ArrayLike<number> {
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'number') return false;
  return true;
}

function inferTypedKind(present: readonly unknown[]): KindAndDim | undefined {
  const first = present[0];
  if (typeof first === 'string') return undefined;
  if (typeof first === 'boolean') return present.every((v) => typeof v === 'boolean') ? { kind: 'boolean' } : undefined;
  if (typeof first === 'number' || typeof first === 'bigint') {
    return present.every((v) => typeof v === 'number' || typeof v === 'bigint') ? { kind: 'numeric' } : undefined;
  }
  if (first instanceof Date) return present.every((v) => v instanceof Date) ? { kind: 'timestamp' } : undefined;
  if (isNumberArray(first) && first.length > 0) {
    return present.every(isNumberArray) ? { kind: 'embedding', dim: first.length } : undefined;
  }
  return undefined;
}

function inferTextKind(texts: readonly string[]): KindAndDim {
  let canBool = true;
  let canNum = true;
  let canTime = true;
  let canEmbed = true;
  let dim = -1;
  for (const t of texts) {
    if (canBool && parseBooleanCell(t) === undefined) canBool = false;
    if (canNum && parseNumberCell(t) === undefined) canNum = false;
    if (canTime && parseTimestampCell(t) === undefined) canTime = false;
    if (canEmbed) {
      const list = parseNumberListCell(t);
      if (list === undefined || list.length === 0) canEmbed = false;
      else if (dim < 0) dim = list.length;
    }
    if (!canBool && !canNum && !canTime && !canEmbed) break;
  }
  if (canBool) return { kind: 'boolean' };
  if (canNum) return { kind: 'numeric' };
  if (canTime) return { kind: 'timestamp' };
  if (canEmbed) return { kind: 'embedding', dim };
  return { kind: looksLikeProse(texts) ? 'text' : 'categorical' };
}

function looksLikeProse(texts: readonly string[]): boolean {
  let totalLength = 0;
  let withSpace = 0;
  let words = 0;
  const distinct = new Set<string>();
  for (const t of texts) {
    totalLength += t.length;
    const w = t.trim().split(/\s+/).length;
    if (w > 1) withSpace++;
    words += w;
    distinct.add(t);
  }
  const n = texts.length;
  if (totalLength / n >= TEXT_MIN_MEAN_LENGTH) return true;
  return withSpace >= n / 2 && words / n >= TEXT_MIN_MEAN_WORDS && distinct.size >= n / 2;
}
