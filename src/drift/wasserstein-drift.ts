// First Wasserstein (earth mover's) distance between one-dimensional distributions (Vaserstein 1969).
import { DEFAULT_DRIFT_ALPHA, type DriftTest } from '../core/drift-test.js';
import { quantileSorted } from '../kernels/quantiles.js';
import { wasserstein } from '../stats/wasserstein.js';
import { numericView } from './numeric-values.js';

/**
 * Wasserstein distance in units of the baseline's standard deviation (as Evidently normalises it).
 * No p-value: drift is reported when the distance reaches max(minEffect, noise floor), the floor
 * being 3 sqrt(1/n + 1/m), about three times what two samples of one distribution differ by.
 */
export const wassersteinDrift: DriftTest = {
  name: 'wasserstein',
  appliesTo: ['numeric', 'timestamp'],
  defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0.1 },
  description: 'Wasserstein-1 distance divided by the baseline standard deviation.',
  measure(profile, column) {
    if (column.kind === 'text') return null;
    const view = numericView(profile, column);
    if (!view || view.sorted.length === 0 || view.profile.count === 0) return null;
    const { distribution, std, count } = view.profile;
    let w: number;
    if (distribution.exact) {
      w = wasserstein(Float64Array.from(distribution.values), view.sorted).statistic;
    } else {
      // Both quantile functions on the sketch's grid: W1 = integral over p of |F^-1(p) - G^-1(p)|.
      const q = distribution.values.length - 1;
      let sum = 0;
      let prev = Math.abs(distribution.values[0]! - quantileSorted(view.sorted, 0));
      for (let i = 1; i <= q; i++) {
        const cur = Math.abs(distribution.values[i]! - quantileSorted(view.sorted, i / q));
        sum += (prev + cur) / 2;
        prev = cur;
      }
      w = sum / q;
    }
    const scale = std > 0 ? std : 1;
    const n = view.sorted.length;
    return {
      statistic: w,
      pValue: null,
      effectSize: w / scale,
      noiseFloor: 3 * Math.sqrt(1 / n + 1 / count),
      details: { baselineStd: std },
    };
  },
};
