/**
 * Column builders: append raw cells one at a time (CSV text, or the typed values JSON Lines and
 * Parquet deliver) and end with a core {@link Column}. Numbers go straight into growing typed
 * arrays; strings are kept only by `text` columns and, once per distinct value, by `categorical`
 * ones, so a large numeric file never holds its text in memory.
 *
 * A cell that does not fit the column's kind is not thrown: `push` returns a {@link CellProblem}
 * and the reader, which knows the file, line and column, turns it into an error.
 *
 * Reading rules per kind (every kind reads missing markers as missing, see `isMissingValue`):
 * - numeric: decimal text, numbers, bigints (as the nearest double) and booleans (1/0).
 *   `inf`/`Infinity` text and NaN or ±Infinity numbers are a problem unless `allowNonFinite`;
 *   with it, ±Infinity is kept and NaN becomes missing (the in-band missing marker).
 * - timestamp: ISO 8601 text, `Date`s, or numbers taken as epoch milliseconds.
 * - boolean: `true/false/yes/no/1/0` text (any case), booleans, the numbers 0 and 1.
 * - categorical: any value; text is trimmed, other values use their text form.
 * - text: any value, kept untrimmed.
 * - embedding: bracketed number lists (`[0.1, 0.2]`), number arrays or typed arrays, all of the
 *   column's `dim` (taken from the first non-missing value when the schema does not give it);
 *   a missing embedding is stored as a row of NaN.
 */
import type { Column, ColumnKind } from '../core/dataset.js';
import type { ColumnSchema } from '../core/schema.js';
import { cellText, parseBooleanCell, parseNumberCell, parseNumberListCell, parseTimestampCell } from './cell-parsers.js';
import { GrowableArray } from './growable-array.js';
import { isMissingValue } from './missing-value.js';

const FLOAT32_MAX = 3.4028234663852886e38;

/** Why a cell could not be appended: it is not of the column's kind, is non-finite, or has the wrong length. */
export interface CellProblem {
  readonly kind: 'mismatch' | 'non_finite' | 'shape';
  /** What is wrong with the value, e.g. `"abc" is not a number`. */
  readonly reason: string;
}

/** Appends the cells of one column and builds it. */
export interface ColumnBuilder {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Rows appended so far. */
  readonly length: number;
  /** Appends one raw cell; returns the problem instead of appending when it does not fit. */
  push(value: unknown): CellProblem | undefined;
  /** The finished column. The builder must not be used afterwards. */
  build(): Column;
}

/** Options shared by every builder. */
export interface ColumnBuilderOptions {
  /** Accept NaN and ±Infinity in numeric and embedding cells (default false). */
  readonly allowNonFinite?: boolean;
}

/**
 * A builder for a column of the given schema.
 *
 * @example
 * const b = createColumnBuilder({ name: 'age', kind: 'numeric' });
 * b.push('31'); b.push('NA');
 * b.push('old'); // { kind: 'mismatch', reason: '"old" is not a number' }
 * b.build(); // { kind: 'numeric', name: 'age', values: Float64Array [31, NaN] }
 */
export function createColumnBuilder(schema: ColumnSchema, options: ColumnBuilderOptions = {}): ColumnBuilder {
  const allowNonFinite = options.allowNonFinite ?? false;
  switch (schema.kind) {
    case 'numeric':
      return new NumericBuilder(schema.name, allowNonFinite);
    case 'timestamp':
      return new TimestampBuilder(schema.name);
    case 'boolean':
      return new BooleanBuilder(schema.name);
    case 'categorical':
      return new CategoricalBuilder(schema.name);
    case 'text':
      return new TextBuilder(schema.name);
    case 'embedding':
      return new EmbeddingBuilder(schema.name, schema.dim, allowNonFinite);
  }
}

/** A short, quoted rendering of a bad value for messages (long values are cut). */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : cellText(value);
  const cut = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return typeof value === 'string' ? JSON.stringify(cut) : cut;
}

function mismatch(value: unknown, what: string): CellProblem {
  return { kind: 'mismatch', reason: `${showValue(value)} is not ${what}` };
}

function nonFinite(value: unknown): CellProblem {
  return { kind: 'non_finite', reason: `non-finite value ${showValue(value)} is not allowed` };
}

class NumericBuilder implements ColumnBuilder {
  readonly kind = 'numeric';
  private readonly values = new GrowableArray(Float64Array);

  constructor(
    readonly name: string,
    private readonly allowNonFinite: boolean,
  ) {}

  get length(): number {
    return this.values.length;
  }

  push(value: unknown): CellProblem | undefined {
    let x: number;
    if (typeof value === 'string') {
      if (isMissingValue(value)) {
        this.values.push(NaN);
        return undefined;
      }
      const parsed = parseNumberCell(value);
      if (parsed === undefined) return mismatch(value, 'a number');
      // A NaN spelling that is not a listed missing marker (`-nan`, `NAN`) still means missing.
      if (Number.isNaN(parsed)) {
        this.values.push(NaN);
        return undefined;
      }
      x = parsed;
    } else if (typeof value === 'number') {
      x = value;
    } else if (typeof value === 'bigint') {
      x = Number(value);
    } else if (typeof value === 'boolean') {
      x = value ? 1 : 0;
    } else if (value === null || value === undefined) {
      x = NaN;
      this.values.push(x);
      return undefined;
    } else {
      return mismatch(value, 'a number');
    }
    if (!Number.isFinite(x) && !this.allowNonFinite) return nonFinite(value);
    this.values.push(x);
    return undefined;
  }

  build(): Column {
    return { kind: 'numeric', name: this.name, values: this.values.toArray() };
  }
}

class TimestampBuilder implements ColumnBuilder {
  readonly kind = 'timestamp';
  private readonly values = new GrowableArray(Float64Array);

  constructor(readonly name: string) {}

  get length(): number {
    return this.values.length;
  }

  push(value: unknown): CellProblem | undefined {
    if (isMissingValue(value)) {
      this.values.push(NaN);
      return undefined;
    }
    let ms: number | undefined;
    if (typeof value === 'string') ms = parseTimestampCell(value);
    else if (value instanceof Date) ms = value.getTime();
    else if (typeof value === 'number') ms = value;
    else if (typeof value === 'bigint') ms = Number(value);
    if (ms === undefined || !Number.isFinite(ms)) return mismatch(value, 'an ISO 8601 date or date-time');
    this.values.push(ms);
    return undefined;
  }

  build(): Column {
    return { kind: 'timestamp', name: this.name, values: this.values.toArray() };
  }
}

class BooleanBuilder implements ColumnBuilder {
  readonly kind = 'boolean';
  private readonly values = new GrowableArray(Uint8Array);

  constructor(readonly name: string) {}

  get length(): number {
    return this.values.length;
  }

  push(value: unknown): CellProblem | undefined {
    if (isMissingValue(value)) {
      this.values.push(255);
      return undefined;
    }
    let b: 0 | 1 | undefined;
    if (typeof value === 'boolean') b = value ? 1 : 0;
    else if (typeof value === 'string') b = parseBooleanCell(value);
    else if (value === 0 || value === 1) b = value;
    if (b === undefined) return mismatch(value, 'a boolean (true/false, yes/no, 1/0)');
    this.values.push(b);
    return undefined;
  }

  build(): Column {
    return { kind: 'boolean', name: this.name, values: this.values.toArray() };
  }
}

class CategoricalBuilder implements ColumnBuilder {
  readonly kind = 'categorical';
  private readonly codes = new GrowableArray(Int32Array);
  private readonly index = new Map<string, number>();
  private readonly categories: string[] = [];

  constructor(readonly name: string) {}

  get length(): number {
    return this.codes.length;
  }

  push(value: unknown): CellProblem | undefined {
    if (isMissingValue(value)) {
      this.codes.push(-1);
      return undefined;
    }
    const key = typeof value === 'string' ? value.trim() : cellText(value);
    let code = this.index.get(key);
    if (code === undefined) {
      code = this.categories.length;
      this.categories.push(key);
      this.index.set(key, code);
    }
    this.codes.push(code);
    return undefined;
  }

  build(): Column {
    return { kind: 'categorical', name: this.name, codes: this.codes.toArray(), categories: this.categories };
  }
}

class TextBuilder implements ColumnBuilder {
  readonly kind = 'text';
  private readonly values: (string | null)[] = [];

  constructor(readonly name: string) {}

  get length(): number {
    return this.values.length;
  }

  push(value: unknown): CellProblem | undefined {
    this.values.push(isMissingValue(value) ? null : cellText(value));
    return undefined;
  }

  build(): Column {
    return { kind: 'text', name: this.name, values: this.values };
  }
}

class EmbeddingBuilder implements ColumnBuilder {
  readonly kind = 'embedding';
  private readonly values = new GrowableArray(Float32Array);
  private rows = 0;
  /** Missing rows seen before the first vector fixed the dimension. */
  private pendingMissing = 0;

  constructor(
    readonly name: string,
    private dim: number | undefined,
    private readonly allowNonFinite: boolean,
  ) {}

  get length(): number {
    return this.rows;
  }

  push(value: unknown): CellProblem | undefined {
    if (isMissingValue(value)) {
      if (this.dim === undefined) this.pendingMissing++;
      else this.values.fill(NaN, this.dim);
      this.rows++;
      return undefined;
    }
    let vector: ArrayLike<number> | undefined;
    if (typeof value === 'string') vector = parseNumberListCell(value);
    else if (Array.isArray(value)) vector = value.every((x) => typeof x === 'number') ? (value as number[]) : undefined;
    else if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array) vector = value;
    if (vector === undefined || vector.length === 0) return mismatch(value, 'a list of numbers such as [0.1, 0.2]');
    if (this.dim === undefined) {
      this.dim = vector.length;
      this.values.fill(NaN, this.pendingMissing * this.dim);
    }
    if (vector.length !== this.dim) {
      return { kind: 'shape', reason: `embedding has ${vector.length} elements, expected ${this.dim} like the rows before it` };
    }
    if (!this.allowNonFinite) {
      for (let i = 0; i < vector.length; i++) {
        const x = vector[i]!;
        if (!Number.isFinite(x)) {
          return { kind: 'non_finite', reason: `embedding element ${i + 1} is ${String(x)}, a non-finite value that is not allowed` };
        }
        if (Math.abs(x) > FLOAT32_MAX) {
          return { kind: 'non_finite', reason: `embedding element ${i + 1} is ${String(x)}, beyond the float32 range (it would become Infinity)` };
        }
      }
    }
    this.values.append(vector);
    this.rows++;
    return undefined;
  }

  build(): Column {
    // A column that only ever saw missing values gets dimension 1, so its length stays right.
    const dim = this.dim ?? 1;
    if (this.dim === undefined) this.values.fill(NaN, this.pendingMissing);
    return { kind: 'embedding', name: this.name, dim, values: this.values.toArray() };
  }
}
