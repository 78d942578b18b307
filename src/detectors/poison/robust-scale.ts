/**
 * Robust location and scale of a score distribution (median and MAD, Hampel 1974), used to put
 * per-class scores on one footing without letting the poisoned rows inflate the scale.
 */
import { quantiles } from '../../kernels/quantiles.js';

/**
 * Median and 1.4826 x MAD (consistent with the standard deviation under normality); when the MAD
 * is 0 the scale falls back to 1.2533 x the mean absolute deviation from the median, then to 1.
 */
export function robustLocationScale(values: Float64Array): { median: number; scale: number } {
  const median = quantiles(values, [0.5])[0]!;
  const dev = values.map((v) => Math.abs(v - median));
  let scale = 1.4826 * quantiles(dev, [0.5])[0]!;
  if (!(scale > 0)) {
    let s = 0;
    for (const v of dev) s += v;
    scale = (1.2533 * s) / Math.max(1, dev.length);
  }
  return { median, scale: scale > 0 ? scale : 1 };
}
