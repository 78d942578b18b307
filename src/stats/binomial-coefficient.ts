/**
 * The binomial coefficient C(n, k) in floating point, computed the way scipy.special.binom is
 * (a running product for k < 20; otherwise through factorials, or log-gamma beyond 170!), so the
 * exact KS p-values built on it round the same way.
 */
import { logGamma } from './gamma-functions.js';
import { twoProduct } from './double-double.js';

/** n! for n = 0..170, each correctly rounded (products carried in double-double). */
const FACTORIALS: Float64Array = (() => {
  const out = new Float64Array(171);
  let hi = 1;
  let lo = 0;
  out[0] = 1;
  for (let n = 1; n <= 170; n++) {
    const p = twoProduct(hi, n);
    const l = p.lo + lo * n;
    hi = p.hi + l;
    lo = l - (hi - p.hi);
    out[n] = hi;
  }
  return out;
})();

/**
 * C(n, k) for integers 0 <= k <= n (0 when k > n or k < 0); Infinity when it exceeds the double
 * range (about n = 1030 for k = n/2).
 *
 * @example
 * binomialCoefficient(10, 3); // 120
 */
export function binomialCoefficient(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kx = k > n / 2 && n > 0 ? n - k : k;
  if (kx < 20) {
    let num = 1;
    let den = 1;
    for (let i = 1; i <= kx; i++) {
      num *= i + n - kx;
      den *= i;
      if (Math.abs(num) > 1e50) {
        num /= den;
        den = 1;
      }
    }
    return num / den;
  }
  if (n <= 170) return FACTORIALS[n]! / (FACTORIALS[kx]! * FACTORIALS[n - kx]!);
  return Math.exp(logGamma(n + 1) - logGamma(kx + 1) - logGamma(n - kx + 1));
}
