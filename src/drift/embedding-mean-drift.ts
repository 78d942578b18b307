// Mean-shift test for high-dimensional vectors with a Satterthwaite (1946) chi-square approximation.
import type { EmbeddingProfile } from '../core/baseline.js';
import { DEFAULT_DRIFT_ALPHA, type DriftTest } from '../core/drift-test.js';
import { chiSquareSf } from '../stats/chi-square-distribution.js';

/**
 * T = |mean_batch - mean_baseline|² / (1/n + 1/m). Under no shift T is a weighted sum of
 * chi-squares with the covariance eigenvalues as weights; matching its mean (trace) and variance
 * (2 sum of squared eigenvalues) gives T / c ~ chi-square(nu), c = sum λ² / sum λ,
 * nu = (sum λ)² / sum λ². Effect size: the shift length over the baseline's total standard deviation.
 */
export const embeddingMeanDrift: DriftTest = {
  name: 'embedding-mean-shift',
  appliesTo: ['embedding'],
  defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0 },
  description: 'Shift of the embedding mean, scaled by the baseline covariance (Satterthwaite chi-square).',
  measure(profile, column) {
    const p = profile as EmbeddingProfile;
    if (p.kind !== 'embedding' || column.kind !== 'embedding' || column.dim !== p.dim || p.count < 2) return null;
    const { dim, values } = column;
    const rows = dim === 0 ? 0 : values.length / dim;
    const sum = new Float64Array(dim);
    let n = 0;
    for (let i = 0; i < rows; i++) {
      if (Number.isNaN(values[i * dim]!)) continue;
      n++;
      for (let j = 0; j < dim; j++) sum[j]! += values[i * dim + j]!;
    }
    if (n === 0) return null;
    let shift2 = 0;
    for (let j = 0; j < dim; j++) shift2 += (sum[j]! / n - p.mean[j]!) ** 2;
    const t = shift2 / (1 / n + 1 / p.count);
    const trace = p.totalVariance;
    const frob = p.covarianceFrobenius2;
    const pValue = trace > 0 && frob > 0 ? chiSquareSf(t / (frob / trace), (trace * trace) / frob) : shift2 > 0 ? 0 : 1;
    return { statistic: t, pValue, effectSize: trace > 0 ? Math.sqrt(shift2 / trace) : 0, details: { nBaseline: p.count, nBatch: n, dim } };
  },
};
