/**
 * The chi-square distribution with k degrees of freedom through the regularised incomplete gamma
 * function: P(X <= x) = P(k/2, x/2) (Abramowitz & Stegun 26.4.19), as scipy.stats.chi2; the
 * quantile from the Wilson & Hilferty (1931) cube-root approximation refined by Newton steps.
 */
import { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma-functions.js';
import { normalPpf } from './normal-distribution.js';

/**
 * P(X <= x) for X ~ chi-square(dof), dof > 0 (need not be an integer).
 *
 * @example
 * chiSquareCdf(3.841458820694124, 1); // 0.95
 */
export function chiSquareCdf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x <= 0) return 0;
  return regularizedGammaP(dof / 2, x / 2);
}

/**
 * P(X > x) for X ~ chi-square(dof): the p-value of a chi-square statistic, as scipy.stats.chi2.sf.
 * Keeps its relative accuracy far into the upper tail.
 *
 * @example
 * chiSquareSf(3.841458820694124, 1); // 0.05
 */
export function chiSquareSf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

/** The chi-square density, from logs so that it neither overflows nor underflows early. */
function chiSquarePdf(x: number, dof: number): number {
  if (x <= 0) return dof === 2 ? 0.5 : dof < 2 ? Infinity : 0;
  const a = dof / 2;
  return Math.exp((a - 1) * Math.log(x) - x / 2 - a * Math.LN2 - logGamma(a));
}

/**
 * The quantile function: the x with P(X <= x) = p for X ~ chi-square(dof), as scipy.stats.chi2.ppf
 * (0 at p = 0, Infinity at p = 1, NaN outside [0, 1]). Newton steps on log x against the log of
 * the lower tail (p <= 1/2) or of the upper tail (p > 1/2), from the Wilson–Hilferty approximation
 * (or the small-x power law when that is not positive), inside a shrinking bracket.
 *
 * @example
 * chiSquareQuantile(0.95, 1); // 3.841458820694124
 */
export function chiSquareQuantile(p: number, dof: number): number {
  if (!(p >= 0 && p <= 1) || !(dof > 0)) return NaN;
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  const a = dof / 2;
  const z = normalPpf(p);
  const c = 2 / (9 * dof);
  let x = dof * (1 - c + z * Math.sqrt(c)) ** 3;
  // P(X <= x) ~ (x/2)^a / Gamma(a + 1) for small x.
  const small = 2 * Math.exp((Math.log(p) + logGamma(a + 1)) / a);
  if (!(x > 0) || (p < 0.05 && small < x)) x = small;
  const upper = p > 0.5;
  const target = upper ? Math.log1p(-p) : Math.log(p);
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 100; i++) {
    const tail = upper ? chiSquareSf(x, dof) : chiSquareCdf(x, dof);
    const g = Math.log(tail) - target;
    if (g === 0) return x;
    // The lower tail grows with x, the upper one shrinks: keep the root bracketed.
    if (g > 0 !== upper) hi = x;
    else lo = x;
    const slope = ((upper ? -1 : 1) * x * chiSquarePdf(x, dof)) / tail; // d log(tail) / d log x
    let next = x * Math.exp(-g / slope);
    if (!(next > lo && next < hi)) next = hi === Infinity ? 4 * x : lo === 0 ? x / 4 : Math.sqrt(lo * hi);
    if (Math.abs(next - x) <= 2e-16 * x) return next;
    x = next;
  }
  return x;
}
