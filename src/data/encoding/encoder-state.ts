/**
 * The fitted state of a feature encoder as plain JSON, so it can be stored inside a baseline file
 * and re-applied to a new batch identically. Validated on the way back in by {@link parseEncoderState}.
 *
 * Shape (one entry per encoded column, in feature order):
 * ```json
 * { "format": "antidote.feature-encoder", "version": 1, "columns": [
 *   { "name": "age",   "kind": "numeric",     "encoding": "standardize", "mean": 41.2, "std": 12.9 },
 *   { "name": "seen",  "kind": "timestamp",   "encoding": "standardize", "mean": 1.7e12, "std": 8.6e9 },
 *   { "name": "ok",    "kind": "boolean",     "encoding": "binary", "mean": 0.8 },
 *   { "name": "color", "kind": "categorical", "encoding": "one-hot", "categories": ["red", "blue"] },
 *   { "name": "city",  "kind": "categorical", "encoding": "hashing", "buckets": 64, "seed": 0 },
 *   { "name": "body",  "kind": "text",        "encoding": "hashed-tfidf", "bucketsLog2": 10, "seed": 0, "documents": 5000, "idf": [1.2, ...] },
 *   { "name": "emb",   "kind": "embedding",   "encoding": "passthrough", "dim": 384 } ] }
 * ```
 */
import { AntidoteError } from '../../core/errors.js';

/** The `format` tag of an encoder state. */
export const ENCODER_STATE_FORMAT = 'antidote.feature-encoder';
/** The version of the state layout this code writes and reads. */
export const ENCODER_STATE_VERSION = 1;

/** Numeric or timestamp column: `(x - mean) / std`; missing and non-finite values become 0 (the mean). */
export interface StandardizeEncoding {
  readonly name: string;
  readonly kind: 'numeric' | 'timestamp';
  readonly encoding: 'standardize';
  readonly mean: number;
  /** Population standard deviation of the reference; 1 when it was 0. */
  readonly std: number;
}

/** Boolean column: 1 for true, 0 for false, `mean` (the reference's share of true) when missing. */
export interface BinaryEncoding {
  readonly name: string;
  readonly kind: 'boolean';
  readonly encoding: 'binary';
  readonly mean: number;
}

/** Low-cardinality categorical column: one feature per reference category plus a last `<other>` feature for unseen ones; missing is all zeros. */
export interface OneHotEncoding {
  readonly name: string;
  readonly kind: 'categorical';
  readonly encoding: 'one-hot';
  /** Reference categories, most frequent first (ties by code point order). */
  readonly categories: readonly string[];
}

/** High-cardinality categorical column: 1 in bucket `hashBucket(category, buckets, seed)`; missing is all zeros. */
export interface HashingEncoding {
  readonly name: string;
  readonly kind: 'categorical';
  readonly encoding: 'hashing';
  readonly buckets: number;
  readonly seed: number;
}

/** Text column: hashed TF-IDF over `2^bucketsLog2` buckets; only the idf per bucket is stored, never the vocabulary. */
export interface HashedTfidfEncoding {
  readonly name: string;
  readonly kind: 'text';
  readonly encoding: 'hashed-tfidf';
  readonly bucketsLog2: number;
  readonly seed: number;
  /** Non-missing reference documents the idf was computed from. */
  readonly documents: number;
  /** `ln((1 + documents) / (1 + df)) + 1` per bucket. */
  readonly idf: readonly number[];
}

/** Embedding column: its `dim` values passed through (non-finite values become 0). */
export interface PassthroughEncoding {
  readonly name: string;
  readonly kind: 'embedding';
  readonly encoding: 'passthrough';
  readonly dim: number;
}

/** How one column is encoded. */
export type ColumnEncoding = StandardizeEncoding | BinaryEncoding | OneHotEncoding | HashingEncoding | HashedTfidfEncoding | PassthroughEncoding;

/** The serialisable state of a fitted feature encoder. */
export interface EncoderState {
  readonly format: typeof ENCODER_STATE_FORMAT;
  readonly version: typeof ENCODER_STATE_VERSION;
  readonly columns: readonly ColumnEncoding[];
}

type Path = (string | number)[];

function fail(path: Path, message: string): never {
  throw new AntidoteError('invalid_input', `encoder state: ${path.join('.')}: ${message}`, { path });
}

function field(obj: Record<string, unknown>, key: string, path: Path): unknown {
  if (!(key in obj)) fail([...path, key], 'is missing');
  return obj[key];
}

function finiteNumber(obj: Record<string, unknown>, key: string, path: Path): number {
  const v = field(obj, key, path);
  if (typeof v !== 'number' || !Number.isFinite(v)) fail([...path, key], `must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

function integer(obj: Record<string, unknown>, key: string, path: Path, min: number, max: number): number {
  const v = finiteNumber(obj, key, path);
  if (!Number.isInteger(v) || v < min || v > max) fail([...path, key], `must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

function record(v: unknown, path: Path): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Record<string, unknown>;
}

function parseColumn(raw: unknown, path: Path): ColumnEncoding {
  const o = record(raw, path);
  const name = field(o, 'name', path);
  if (typeof name !== 'string') fail([...path, 'name'], 'must be a string');
  const kind = field(o, 'kind', path);
  const encoding = field(o, 'encoding', path);
  switch (`${String(kind)}/${String(encoding)}`) {
    case 'numeric/standardize':
    case 'timestamp/standardize': {
      const std = finiteNumber(o, 'std', path);
      if (!(std > 0)) fail([...path, 'std'], `must be positive, got ${std}`);
      return { name, kind: kind as 'numeric' | 'timestamp', encoding: 'standardize', mean: finiteNumber(o, 'mean', path), std };
    }
    case 'boolean/binary':
      return { name, kind: 'boolean', encoding: 'binary', mean: finiteNumber(o, 'mean', path) };
    case 'categorical/one-hot': {
      const cats = field(o, 'categories', path);
      if (!Array.isArray(cats) || !cats.every((c) => typeof c === 'string')) fail([...path, 'categories'], 'must be an array of strings');
      return { name, kind: 'categorical', encoding: 'one-hot', categories: cats as string[] };
    }
    case 'categorical/hashing':
      return { name, kind: 'categorical', encoding: 'hashing', buckets: integer(o, 'buckets', path, 1, 1 << 24), seed: integer(o, 'seed', path, 0, 0xffffffff) };
    case 'text/hashed-tfidf': {
      const bucketsLog2 = integer(o, 'bucketsLog2', path, 1, 24);
      const idf = field(o, 'idf', path);
      if (!Array.isArray(idf) || idf.length !== 2 ** bucketsLog2 || !idf.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        fail([...path, 'idf'], `must be an array of ${2 ** bucketsLog2} finite numbers (2^bucketsLog2)`);
      }
      return {
        name,
        kind: 'text',
        encoding: 'hashed-tfidf',
        bucketsLog2,
        seed: integer(o, 'seed', path, 0, 0xffffffff),
        documents: integer(o, 'documents', path, 0, Number.MAX_SAFE_INTEGER),
        idf: idf as number[],
      };
    }
    case 'embedding/passthrough':
      return { name, kind: 'embedding', encoding: 'passthrough', dim: integer(o, 'dim', path, 1, 1 << 20) };
    default:
      return fail(
        path,
        `unknown kind/encoding ${JSON.stringify(kind)}/${JSON.stringify(encoding)}; valid: numeric/standardize, timestamp/standardize, boolean/binary, categorical/one-hot, categorical/hashing, text/hashed-tfidf, embedding/passthrough`,
      );
  }
}

/**
 * Validates JSON (e.g. read back from a baseline file) as an {@link EncoderState}. Throws
 * `invalid_input` whose `location.path` names the bad field.
 *
 * @example
 * const state = parseEncoderState(JSON.parse(text).encoder);
 */
export function parseEncoderState(json: unknown): EncoderState {
  const o = record(json, []);
  if (o['format'] !== ENCODER_STATE_FORMAT) fail(['format'], `must be "${ENCODER_STATE_FORMAT}", got ${JSON.stringify(o['format'])}`);
  if (o['version'] !== ENCODER_STATE_VERSION) fail(['version'], `must be ${ENCODER_STATE_VERSION}, got ${JSON.stringify(o['version'])}`);
  const columns = o['columns'];
  if (!Array.isArray(columns)) fail(['columns'], 'must be an array');
  const parsed = columns.map((c, i) => parseColumn(c, ['columns', i]));
  const names = new Set<string>();
  parsed.forEach((c, i) => {
    if (names.has(c.name)) fail(['columns', i, 'name'], `column "${c.name}" appears twice`);
    names.add(c.name);
  });
  return { format: ENCODER_STATE_FORMAT, version: ENCODER_STATE_VERSION, columns: parsed };
}
