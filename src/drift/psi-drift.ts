// Population stability index (Karakoulas 2004; Yurdakul 2018 for its chi-square approximation).
import { DEFAULT_DRIFT_ALPHA, type DriftTest } from '../core/drift-test.js';
import { binProportions } from '../baseline/numeric-profile.js';
import { chiSquareSf } from '../stats/chi-square-distribution.js';
import { psiFromProportions } from '../stats/psi.js';
import { numericView } from './numeric-values.js';

/**
 * PSI over the baseline's deciles. Its p-value uses the approximation n_eff * PSI ~ chi-square
 * with (bins - 1) degrees of freedom, n_eff = n m / (n + m); it reports drift only when PSI also
 * reaches `minEffect` (0.1, the customary "some shift" line; 0.25 is "major").
 */
export const psiDrift: DriftTest = {
  name: 'psi',
  appliesTo: ['numeric', 'timestamp'],
  defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0.1 },
  description: 'Population stability index over the baseline deciles.',
  measure(profile, column) {
    if (column.kind === 'text') return null;
    const view = numericView(profile, column);
    if (!view || view.sorted.length === 0 || view.profile.count === 0) return null;
    const { edges, proportions } = view.profile.psiBins;
    const current = binProportions(view.sorted, edges);
    const value = psiFromProportions(proportions, current).statistic;
    const n = view.sorted.length;
    const m = view.profile.count;
    const nEff = (n * m) / (n + m);
    return { statistic: value, pValue: chiSquareSf(nEff * value, Math.max(1, proportions.length - 1)), effectSize: value, details: { bins: proportions.length, batchProportions: current } };
  },
};
