// Kolmogorov–Smirnov two-sample test (Smirnov 1948) of a batch column against its baseline profile.
import { DEFAULT_DRIFT_ALPHA, type DriftTest } from '../core/drift-test.js';
import { ksPValue, ksTwoSample } from '../stats/ks-two-sample.js';
import { ksDistanceToSketch } from './reference-cdf.js';
import { numericView } from './numeric-values.js';

/**
 * KS on numbers, timestamps and text lengths. Against an exact profile it is scipy's `ks_2samp`;
 * against a quantile sketch of Q intervals the distance is computed from the sketch CDF and then
 * reduced by 1/Q (the sketch's worst-case error), so that the test never reports more drift than
 * the full baseline would: conservative by at most 1/Q in D.
 */
export const ksDrift: DriftTest = {
  name: 'ks',
  appliesTo: ['numeric', 'timestamp', 'text'],
  defaults: { alpha: DEFAULT_DRIFT_ALPHA, minEffect: 0 },
  description: 'Kolmogorov–Smirnov two-sample test: the largest gap between the two distribution functions (D).',
  measure(profile, column) {
    const view = numericView(profile, column);
    if (!view || view.sorted.length === 0 || view.profile.count === 0) return null;
    const { distribution, count } = view.profile;
    if (distribution.exact) {
      const r = ksTwoSample(Float64Array.from(distribution.values), view.sorted);
      return { statistic: r.statistic, pValue: r.pValue, effectSize: r.statistic, details: { nBaseline: count, nBatch: view.sorted.length, exact: true } };
    }
    const raw = ksDistanceToSketch(view.sorted, distribution.values);
    const q = distribution.values.length - 1;
    const d = Math.max(0, raw - 1 / q);
    return {
      statistic: d,
      pValue: ksPValue(d, view.sorted.length, count),
      effectSize: d,
      details: { nBaseline: count, nBatch: view.sorted.length, exact: false, sketchIntervals: q, rawDistance: raw },
    };
  },
};
