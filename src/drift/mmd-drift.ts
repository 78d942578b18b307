// Kernel two-sample test with maximum mean discrepancy (Gretton et al. 2012) on encoded rows.
import type { FeatureSample } from '../core/baseline.js';
import type { DriftMeasurement } from '../core/drift-test.js';
import { AntidoteError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { sampleIndices } from '../core/rng.js';
import { randomProjection } from '../baseline/random-projection.js';
import { takeRows } from '../baseline/build-baseline.js';
import { mmdTest } from '../stats/mmd-test.js';

/** Options of {@link measureMmd}. */
export interface MmdDriftOptions {
  readonly rng: Rng;
  /** Batch rows compared (a seeded sample; default 500). */
  readonly batchRows?: number;
  readonly permutations?: number;
}

/**
 * MMD permutation test between the baseline's encoded row sample and a sample of the batch,
 * encoded with the same fitted encoder and projected with the same seed.
 */
export function measureMmd(sample: FeatureSample, batch: { rows: number; dim: number; values: Float32Array }, options: MmdDriftOptions): DriftMeasurement | null {
  if (sample.rows < 2 || batch.rows < 2) return null;
  const inputDim = sample.projection ? sample.projection.inputDim : sample.dim;
  if (batch.dim !== inputDim) {
    throw new AntidoteError('invalid_input', `batch encodes to ${batch.dim} features but the baseline sample has ${inputDim}: the baseline was made from a different schema`);
  }
  const idx = sampleIndices(batch.rows, Math.min(options.batchRows ?? 500, batch.rows), options.rng);
  const picked = takeRows(batch.values, batch.dim, idx);
  const y = sample.projection ? randomProjection(picked.values, picked.rows, batch.dim, sample.projection.dim, sample.projection.seed) : picked.values;
  const x = Float32Array.from(sample.values);
  const r = mmdTest(
    { rows: sample.rows, cols: sample.dim, data: x },
    { rows: picked.rows, cols: sample.dim, data: y },
    { rng: options.rng, permutations: options.permutations ?? 500 },
  );
  return { statistic: r.statistic, pValue: r.pValue, effectSize: r.effectSize, details: { baselineRows: sample.rows, batchRows: picked.rows, dim: sample.dim, permutations: options.permutations ?? 500 } };
}
