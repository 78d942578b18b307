import type { Baseline } from '../core/baseline.js';
import type { Progress } from '../core/progress.js';
import { silentProgress } from '../core/progress.js';
import { buildBaseline } from '../baseline/build-baseline.js';
import { fitFeatureEncoder, transformFeatures } from '../data/encoding/feature-encoder.js';
import { fileDigest } from './file-digest.js';
import { readInput, requireLabelColumn, type DataInputOptions } from './read-inputs.js';

/** Options of {@link makeBaseline}. */
export interface MakeBaselineOptions extends DataInputOptions {
  readonly label?: string;
  readonly seed?: number;
  /** Rows kept in the baseline for the multivariate test (default 300). */
  readonly sampleRows?: number;
}

/**
 * Profiles a verified data file into a baseline: reads it, fits the feature encoder (the label
 * excluded), and builds the profile with its content hash.
 *
 * @example
 * const baseline = await makeBaseline('verified.csv', { label: 'label' });
 */
export async function makeBaseline(path: string, options: MakeBaselineOptions = {}): Promise<Baseline> {
  const progress = options.progress ?? silentProgress;
  const [ds, sha256] = await Promise.all([readInput(path, options), fileDigest(path)]);
  if (options.label !== undefined) requireLabelColumn(ds, options.label, path);
  const exclude = options.label ? [options.label] : [];
  const encoder = fitFeatureEncoder(ds, { exclude });
  const encoded = transformFeatures(ds, encoder);
  const baseline = buildBaseline(ds, {
    label: options.label ?? null,
    source: { file: path, sha256 },
    seed: options.seed ?? 0,
    features: { encoder, rows: encoded.matrix.rows, dim: encoded.matrix.cols, values: encoded.matrix.data },
    ...(options.sampleRows !== undefined ? { sampleRows: options.sampleRows } : {}),
    progress,
  });
  return baseline;
}
