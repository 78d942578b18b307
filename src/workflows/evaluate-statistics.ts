/**
 * The statistics of the evaluation lab: the Student t distribution for integer degrees of freedom
 * (the closed forms of Abramowitz & Stegun 1964, 26.7.3 and 26.7.4) and the t confidence interval
 * of a mean over seeds.
 */
import { invalidInput } from '../core/errors.js';

/**
 * P(T <= t) for Student's t with `df` (a positive integer) degrees of freedom.
 *
 * @example
 * studentTCdf(12.706204736174698, 1); // 0.975
 */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const s = Math.sin(theta);
  const c2 = Math.cos(theta) ** 2;
  // A(t | df) = P(|T| <= |t|).
  let a: number;
  if (df % 2 === 1) {
    let sum = 0;
    let term = Math.cos(theta);
    for (let k = 3; k <= df; k += 2) {
      sum += term;
      term *= (c2 * (k - 1)) / k;
    }
    a = (2 / Math.PI) * (theta + s * sum);
  } else {
    let sum = 1;
    let term = 1;
    for (let k = 2; k <= df - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    a = s * sum;
  }
  return t >= 0 ? (1 + a) / 2 : (1 - a) / 2;
}

/**
 * The quantile of Student's t: the t with `studentTCdf(t, df) = p`, by bisection to machine precision.
 *
 * @throws AntidoteError `invalid_input` for p outside (0, 1) or df not a positive integer.
 * @example
 * studentTQuantile(0.975, 4); // 2.7764451051977987 (scipy.stats.t.ppf)
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw invalidInput(`student t: probability ${p} must be within (0, 1)`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A mean and its confidence interval. */
export interface MeanInterval {
  readonly mean: number;
  /** Bounds of the interval; equal to the mean for a single value. */
  readonly low: number;
  readonly high: number;
  /** Values averaged. */
  readonly n: number;
}

/**
 * The mean of `values` with the two-sided t interval `mean ± t_{(1+level)/2, n−1} · s / √n`
 * (s the sample standard deviation). One value gives a zero-width interval; none gives null.
 *
 * @example
 * meanInterval([0.8, 0.82, 0.81]); // { mean: 0.81, low: 0.7852..., high: 0.8348..., n: 3 }
 */
export function meanInterval(values: readonly number[], level = 0.95): MeanInterval | null {
  if (!(level > 0 && level < 1)) throw invalidInput(`confidence level ${level} must be within (0, 1)`);
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean, n };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile((1 + level) / 2, n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

function checkDf(df: number): void {
  if (!Number.isInteger(df) || df < 1) throw invalidInput(`student t: degrees of freedom ${df} must be a positive integer`);
}
