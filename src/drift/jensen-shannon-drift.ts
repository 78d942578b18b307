// Jensen–Shannon distance between category distributions (Lin 1991; Endres & Schindelin 2003).
import { DEFAULT_DRIFT_ALPHA, type DriftTest } from '../core/drift-test.js';
import { chiSquareQuantile } from '../stats/chi-square-distribution.js';
import { jensenShannon } from '../stats/jensen-shannon.js';
import { alignCategories } from './category-alignment.js';

/**
 * Jensen–Shannon distance (base 2, so in [0, 1]) between baseline and batch proportions. No p-value:
 * drift is reported when the distance reaches max(minEffect, noise floor); for two samples of one
 * distribution 8 ln2 n_eff JSD is about chi-square with k - 1 degrees of freedom, so the floor is
 * its 0.999 quantile mapped back to a distance.
 */
export const jensenShannonDrift: DriftTest = {
  name: 'jensen-shannon',
  appliesTo: ['categorical', 'boolean'],
  defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0.1 },
  description: 'Jensen–Shannon distance (base 2) between category proportions.',
  measure(profile, column) {
    const a = alignCategories(profile, column);
    if (!a) return null;
    const n = a.batch.reduce((s, v) => s + v, 0);
    const m = a.baseline.reduce((s, v) => s + v, 0);
    if (n === 0 || m === 0) return null;
    const d = jensenShannon(a.baseline, a.batch, { base: 2 }).statistic;
    const k = a.categories.length;
    const nEff = (n * m) / (n + m);
    const floor = k > 1 ? Math.sqrt(chiSquareQuantile(0.999, k - 1) / (8 * Math.LN2 * nEff)) : 0;
    return { statistic: d, pValue: null, effectSize: d, noiseFloor: floor, details: { categories: k } };
  },
};

