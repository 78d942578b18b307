import type { Baseline, ColumnProfile, CorrelationProfile, FeatureSample } from '../core/baseline.js';
import type { Dataset, NumericColumn } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { createRng, sampleIndices, type Rng } from '../core/rng.js';
import type { Schema } from '../core/schema.js';
import { silentProgress, type Progress } from '../core/progress.js';
import { pearsonCorrelationMatrix } from '../stats/correlation-difference.js';
import { contentHash } from './canonical-json.js';
import { profileCategorical } from './categorical-profile.js';
import { profileEmbedding } from './embedding-profile.js';
import { profileNumeric } from './numeric-profile.js';
import { randomProjection } from './random-projection.js';

/** Encoded rows of the data set, with the fitted encoder state that produced them. */
export interface FeatureRows {
  readonly encoder: unknown;
  readonly rows: number;
  readonly dim: number;
  /** Row-major `rows x dim`. */
  readonly values: Float32Array;
}

/** Options of {@link buildBaseline}. */
export interface BuildBaselineOptions {
  readonly label?: string | null;
  readonly source: { readonly file: string; readonly sha256: string };
  readonly seed?: number;
  /** Encoded features for the multivariate test; without them the baseline has no sample. */
  readonly features?: FeatureRows;
  /** Rows kept for the multivariate test (default 300). */
  readonly sampleRows?: number;
  /** Wider encodings are randomly projected to this many dimensions (default 64). */
  readonly maxSampleDim?: number;
  /** Reports columns profiled. */
  readonly progress?: Progress;
  /** Fixed creation time (for reproducible files in tests). */
  readonly createdAt?: string;
}

/**
 * The profile of a verified data set: schema, per-column distributions, label distribution (the
 * label column's profile), correlations of numeric columns, an encoded row sample, and a content hash.
 *
 * @example
 * const baseline = buildBaseline(dataset, { label: 'species', source: { file: 'iris.csv', sha256 } });
 */
export function buildBaseline(ds: Dataset, options: BuildBaselineOptions): Baseline {
  const label = options.label ?? null;
  if (label !== null && !ds.columns.some((c) => c.name === label)) {
    throw new AntidoteError('invalid_input', `label column "${label}" does not exist; columns: ${ds.columns.map((c) => c.name).join(', ')}`, { column: label });
  }
  if (ds.rowCount === 0) throw new AntidoteError('invalid_input', 'cannot build a baseline from a data set with no rows');
  const rng = createRng(options.seed ?? 0);
  const schema: Schema = {
    columns: ds.columns.map((c) => (c.kind === 'embedding' ? { name: c.name, kind: c.kind, dim: c.dim } : { name: c.name, kind: c.kind })),
  };
  const progress = options.progress ?? silentProgress;
  progress.start('profiling columns', ds.columns.length);
  const columns: ColumnProfile[] = ds.columns.map((c, i): ColumnProfile => {
    progress.update(i);
    switch (c.kind) {
      case 'numeric':
      case 'timestamp':
        return profileNumeric(c.name, c.kind, c.values);
      case 'categorical':
      case 'boolean':
        return profileCategorical(c);
      case 'text': {
        const lengths = new Float64Array(c.values.length);
        let missing = 0;
        c.values.forEach((t, i) => {
          if (t === null) missing++;
          lengths[i] = t === null ? NaN : t.length;
        });
        return { name: c.name, kind: 'text', count: c.values.length - missing, missing, lengths: profileNumeric(`${c.name}.length`, 'numeric', lengths) };
      }
      case 'embedding':
        return profileEmbedding(c, rng.fork());
    }
  });
  progress.finish();
  const body: Omit<Baseline, 'contentHash'> = {
    format: 'antidote-baseline',
    version: 1,
    createdAt: options.createdAt ?? new Date().toISOString(),
    source: { file: options.source.file, rows: ds.rowCount, sha256: options.source.sha256 },
    label,
    schema,
    columns,
    correlation: correlationProfile(ds, label, rng.fork()),
    sample: options.features ? featureSample(options.features, options.sampleRows ?? 300, options.maxSampleDim ?? 64, rng.fork()) : null,
  };
  return { ...body, contentHash: contentHash(body) };
}

/** Rows correlated for a baseline; above it a seeded sample (the counts record the sample, so tests against it stay valid). */
export const BASELINE_CORRELATION_ROWS = 100_000;

/** Correlations between the numeric feature columns (the label excluded), or null with fewer than two. */
export function correlationProfile(ds: Dataset, label: string | null, rng?: Rng): CorrelationProfile | null {
  const numeric = ds.columns.filter((c): c is NumericColumn => c.kind === 'numeric' && c.name !== label);
  if (numeric.length < 2) return null;
  const picked = rng && ds.rowCount > BASELINE_CORRELATION_ROWS ? sampleIndices(ds.rowCount, BASELINE_CORRELATION_ROWS, rng) : null;
  const columns = numeric.map((c) => (picked ? Float64Array.from(picked, (i) => c.values[i]!) : c.values));
  const { matrix, counts } = pearsonCorrelationMatrix(columns);
  return { columns: numeric.map((c) => c.name), matrix: Array.from(matrix, (v) => (Number.isFinite(v) ? v : 0)), counts: Array.from(counts) };
}

/** A seeded row sample of the encoded features, projected when wide. */
export function featureSample(features: FeatureRows, sampleRows: number, maxDim: number, rng: ReturnType<typeof createRng>): FeatureSample {
  const idx = sampleIndices(features.rows, Math.min(sampleRows, features.rows), rng);
  const { rows: chosen, dim, values } = takeRows(features.values, features.dim, idx);
  if (dim <= maxDim) return { encoder: features.encoder, projection: null, rows: chosen, dim, values: Array.from(values) };
  const seed = rng.nextInt(2 ** 31);
  const projected = randomProjection(values, chosen, dim, maxDim, seed);
  return { encoder: features.encoder, projection: { seed, inputDim: dim, dim: maxDim }, rows: chosen, dim: maxDim, values: Array.from(projected) };
}

/** The rows `idx` of a row-major matrix, copied. */
export function takeRows(values: Float32Array, dim: number, idx: ArrayLike<number>): { rows: number; dim: number; values: Float32Array } {
  const out = new Float32Array(idx.length * dim);
  for (let k = 0; k < idx.length; k++) out.set(values.subarray(idx[k]! * dim, (idx[k]! + 1) * dim), k * dim);
  return { rows: idx.length, dim, values: out };
}
