/**
 * The feature encoder: turns a {@link Dataset}'s mixed columns into one float32 matrix that
 * detectors work on. It is fitted once on a reference data set, producing a plain-JSON
 * {@link EncoderState} that a baseline file stores; any later batch is then encoded with that
 * state, so reference and batch land in the same feature space.
 *
 * Per kind (see each encoding's file): numeric and timestamp → standardised; boolean → 0/1;
 * categorical → one-hot (with an `<other>` bucket) up to `maxOneHotCategories` reference
 * categories, feature hashing beyond; text → hashed TF-IDF; embedding → passed through.
 * Missing values encode as the reference mean (numeric, timestamp, boolean) or as all zeros.
 */
import type { Column, Dataset } from '../../core/dataset.js';
import { AntidoteError } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { fitBinary, writeBinary } from './binary-encoding.js';
import { categoryHashingFeatureNames, fitCategoryHashing, writeCategoryHashing } from './category-hashing.js';
import { fitPassthrough, passthroughFeatureNames, writePassthrough } from './embedding-passthrough.js';
import { ENCODER_STATE_FORMAT, ENCODER_STATE_VERSION, parseEncoderState, type ColumnEncoding, type EncoderState } from './encoder-state.js';
import { fitHashedTfidf, hashedTfidfFeatureNames, writeHashedTfidf } from './hashed-tfidf.js';
import { categoryCounts, fitOneHot, oneHotFeatureNames, writeOneHot } from './one-hot-encoding.js';
import { fitStandardize, writeStandardized } from './standardize.js';

export type { EncoderState } from './encoder-state.js';

/** How to fit a feature encoder. */
export interface FeatureEncoderOptions {
  /** Columns to leave out, e.g. the label. Each must exist. */
  readonly exclude?: readonly string[];
  /** Largest reference cardinality encoded one-hot; above it, feature hashing (default 32). */
  readonly maxOneHotCategories?: number;
  /** Buckets for hashed categorical columns (default 32). */
  readonly hashBuckets?: number;
  /** Text columns hash into 2^textBucketsLog2 TF-IDF buckets (default 10, i.e. 1024). */
  readonly textBucketsLog2?: number;
  /** Seed of the MurmurHash3 used for hashing (default 0, scikit-learn's). */
  readonly seed?: number;
}

/** Encoded rows and the name of each feature (matrix column). */
export interface EncodedFeatures {
  readonly matrix: Matrix<Float32Array>;
  readonly featureNames: readonly string[];
}

/** Defaults of {@link FeatureEncoderOptions}. */
export const DEFAULT_ENCODER_OPTIONS = { maxOneHotCategories: 32, hashBuckets: 32, textBucketsLog2: 10, seed: 0 } as const;

function checkInteger(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AntidoteError('invalid_input', `${name} must be an integer in [${min}, ${max}], got ${value}`, { path: [name] });
  }
  return value;
}

function fitColumn(column: Column, o: Required<Omit<FeatureEncoderOptions, 'exclude'>>): ColumnEncoding {
  switch (column.kind) {
    case 'numeric':
    case 'timestamp':
      return fitStandardize(column);
    case 'boolean':
      return fitBinary(column);
    case 'categorical': {
      const counts = categoryCounts(column);
      const cardinality = counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
      return cardinality <= o.maxOneHotCategories ? fitOneHot(column, counts) : fitCategoryHashing(column, o.hashBuckets, o.seed);
    }
    case 'text':
      return fitHashedTfidf(column, o.textBucketsLog2, o.seed);
    case 'embedding':
      return fitPassthrough(column);
  }
}

/**
 * Fits an encoder on a reference data set: every column except the excluded ones, in order.
 *
 * @example
 * const state = fitFeatureEncoder(reference, { exclude: ['label'] });
 * baseline.encoder = state; // plain JSON
 */
export function fitFeatureEncoder(reference: Dataset, options: FeatureEncoderOptions = {}): EncoderState {
  const o = {
    maxOneHotCategories: checkInteger(options.maxOneHotCategories ?? DEFAULT_ENCODER_OPTIONS.maxOneHotCategories, 'maxOneHotCategories', 0, 1 << 16),
    hashBuckets: checkInteger(options.hashBuckets ?? DEFAULT_ENCODER_OPTIONS.hashBuckets, 'hashBuckets', 1, 1 << 24),
    textBucketsLog2: checkInteger(options.textBucketsLog2 ?? DEFAULT_ENCODER_OPTIONS.textBucketsLog2, 'textBucketsLog2', 1, 24),
    seed: checkInteger(options.seed ?? DEFAULT_ENCODER_OPTIONS.seed, 'seed', 0, 0xffffffff),
  };
  const exclude = new Set(options.exclude ?? []);
  const names = reference.columns.map((c) => c.name);
  for (const name of exclude) {
    if (!names.includes(name)) {
      throw new AntidoteError('invalid_input', `cannot exclude column "${name}": the data set has no such column; its columns are: ${names.join(', ')}`, { column: name });
    }
  }
  const columns = reference.columns.filter((c) => !exclude.has(c.name)).map((c) => fitColumn(c, o));
  return { format: ENCODER_STATE_FORMAT, version: ENCODER_STATE_VERSION, columns };
}

function columnFeatureNames(enc: ColumnEncoding): string[] {
  switch (enc.encoding) {
    case 'standardize':
    case 'binary':
      return [enc.name];
    case 'one-hot':
      return oneHotFeatureNames(enc);
    case 'hashing':
      return categoryHashingFeatureNames(enc);
    case 'hashed-tfidf':
      return hashedTfidfFeatureNames(enc);
    case 'passthrough':
      return passthroughFeatureNames(enc);
  }
}

/**
 * The names of the features a state produces, in matrix-column order: `age`, `color=red`,
 * `color=<other>`, `city#hash7`, `body#tfidf42`, `emb[0]`.
 *
 * @example
 * encoderFeatureNames(state).length; // the matrix's column count
 */
export function encoderFeatureNames(state: EncoderState): string[] {
  return state.columns.flatMap(columnFeatureNames);
}

function writeColumn(column: Column, enc: ColumnEncoding, out: Float32Array, stride: number, offset: number): void {
  if (column.kind !== enc.kind) {
    throw new AntidoteError(
      'invalid_input',
      `column "${enc.name}" is ${column.kind} in this data but was ${enc.kind} when the encoder was fitted; read the data with the reference's schema (a schema override)`,
      { column: enc.name },
    );
  }
  // The kinds are equal here; each branch re-checks only so the compiler can narrow the column.
  switch (enc.encoding) {
    case 'standardize':
      if (column.kind === 'numeric' || column.kind === 'timestamp') writeStandardized(column.values, enc, out, stride, offset);
      return;
    case 'binary':
      if (column.kind === 'boolean') writeBinary(column.values, enc, out, stride, offset);
      return;
    case 'one-hot':
      if (column.kind === 'categorical') writeOneHot(column, enc, out, stride, offset);
      return;
    case 'hashing':
      if (column.kind === 'categorical') writeCategoryHashing(column, enc, out, stride, offset);
      return;
    case 'hashed-tfidf':
      if (column.kind === 'text') writeHashedTfidf(column, enc, out, stride, offset);
      return;
    case 'passthrough':
      if (column.kind !== 'embedding') return;
      if (column.dim !== enc.dim) {
        throw new AntidoteError('invalid_input', `embedding column "${enc.name}" has dimension ${column.dim} in this data but ${enc.dim} when the encoder was fitted`, {
          column: enc.name,
        });
      }
      writePassthrough(column, enc, out, stride, offset);
  }
}

/**
 * Encodes a data set with a fitted state. Columns are matched by name (extra columns are
 * ignored); a column the state needs that is missing, or of another kind, is an `invalid_input` error.
 *
 * @example
 * const { matrix, featureNames } = transformFeatures(batch, state);
 */
export function transformFeatures(dataset: Dataset, state: EncoderState): EncodedFeatures {
  const byName = new Map(dataset.columns.map((c) => [c.name, c] as const));
  const widths = state.columns.map((enc) => columnFeatureNames(enc).length);
  const cols = widths.reduce((a, b) => a + b, 0);
  const rows = dataset.rowCount;
  const data = new Float32Array(rows * cols);
  let offset = 0;
  state.columns.forEach((enc, k) => {
    const column = byName.get(enc.name);
    if (!column) {
      throw new AntidoteError(
        'invalid_input',
        `column "${enc.name}" that the encoder was fitted on is missing from this data; its columns are: ${dataset.columns.map((c) => c.name).join(', ')}`,
        { column: enc.name },
      );
    }
    writeColumn(column, enc, data, cols, offset);
    offset += widths[k]!;
  });
  return { matrix: { rows, cols, data }, featureNames: encoderFeatureNames(state) };
}

/**
 * A fitted encoder: its state plus the operations on it.
 *
 * @example
 * const encoder = FeatureEncoder.fit(reference, { exclude: ['label'] });
 * const stored = JSON.stringify(encoder); // the EncoderState
 * const again = FeatureEncoder.fromJSON(JSON.parse(stored));
 * again.transform(batch).matrix; // same features as encoder.transform(batch)
 */
export class FeatureEncoder {
  private constructor(readonly state: EncoderState) {}

  /** Fits on a reference data set (see {@link fitFeatureEncoder}). */
  static fit(reference: Dataset, options: FeatureEncoderOptions = {}): FeatureEncoder {
    return new FeatureEncoder(fitFeatureEncoder(reference, options));
  }

  /** Restores an encoder from stored JSON, validating it (see {@link parseEncoderState}). */
  static fromJSON(json: unknown): FeatureEncoder {
    return new FeatureEncoder(parseEncoderState(json));
  }

  /** The names of the features, in matrix-column order. */
  get featureNames(): string[] {
    return encoderFeatureNames(this.state);
  }

  /** Encodes a data set (see {@link transformFeatures}). */
  transform(dataset: Dataset): EncodedFeatures {
    return transformFeatures(dataset, this.state);
  }

  /** The state, for `JSON.stringify`. */
  toJSON(): EncoderState {
    return this.state;
  }
}
