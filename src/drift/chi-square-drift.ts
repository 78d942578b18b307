// Pearson's chi-square test of homogeneity on a 2 x k contingency table (Pearson 1900).
import { DEFAULT_DRIFT_ALPHA, type DriftTest } from '../core/drift-test.js';
import { chiSquareContingency } from '../stats/chi-square-test.js';
import { alignCategories } from './category-alignment.js';

/**
 * Chi-square test of baseline counts against batch counts over the union of categories.
 * Categories whose expected count is below 5 are pooled into one before testing (the usual
 * validity rule); the effect size is Cramér's V.
 */
export const chiSquareDrift: DriftTest = {
  name: 'chi-square',
  appliesTo: ['categorical', 'boolean'],
  defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0 },
  description: 'Chi-square test of homogeneity between baseline and batch category counts (effect: Cramér\'s V).',
  measure(profile, column) {
    const a = alignCategories(profile, column);
    if (!a) return null;
    const nb = a.batch.reduce((s, v) => s + v, 0);
    const nr = a.baseline.reduce((s, v) => s + v, 0);
    if (nb === 0 || nr === 0) return null;
    const r = chiSquareContingency([a.baseline, a.batch], { minExpected: 5 });
    return {
      statistic: r.statistic,
      pValue: r.pValue,
      effectSize: r.effectSize,
      details: { dof: r.dof, pooledCategories: r.mergedCategories, unseenCategories: a.unseen },
    };
  },
};
