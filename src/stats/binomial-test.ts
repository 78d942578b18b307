// One-sided exact binomial test (as scipy.stats.binomtest(k, n, p, alternative='greater')).
import { invalidInput } from '../core/errors.js';
import { logGamma } from './gamma-functions.js';

/**
 * P(X ≥ k) for X ~ Binomial(n, p): the p-value of observing at least `k` successes in `n` trials
 * when each succeeds with probability `p`. Summed in log space from whichever tail is shorter, so
 * it stays accurate down to about 1e-300 for n in the millions.
 *
 * @example
 * binomialTestGreater(25, 5000, 0.0026); // 0.00197: 25 flags are too many for a 0.26% rate
 */
export function binomialTestGreater(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw invalidInput(`binomial test: n must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw invalidInput(`binomial test: k must be a whole number in [0, n = ${n}], got ${k}`);
  if (!(p >= 0 && p <= 1)) throw invalidInput(`binomial test: p must be in [0, 1], got ${p}`);
  if (k === 0) return 1;
  if (p === 0) return 0;
  if (p === 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const lnN = logGamma(n + 1);
  const logPmf = (j: number) => lnN - logGamma(j + 1) - logGamma(n - j + 1) + j * logP + (n - j) * logQ;
  const mode = Math.floor((n + 1) * p);
  if (k > mode) return Math.min(1, sumFrom(logPmf, k, n, 1));
  // The upper tail holds the mode: 1 − P(X ≤ k − 1), the lower tail summed downwards.
  return Math.max(0, Math.min(1, 1 - sumFrom(logPmf, k - 1, 0, -1)));
}

/** Σ exp(logPmf(j)) for j from `start` stepping by `step` towards `end`, stopping once terms no longer matter. */
function sumFrom(logPmf: (j: number) => number, start: number, end: number, step: 1 | -1): number {
  const first = logPmf(start);
  let total = 0;
  for (let j = start; step > 0 ? j <= end : j >= end; j += step) {
    const t = Math.exp(logPmf(j) - first);
    total += t;
    if (t < 1e-17 * total) break;
  }
  return total * Math.exp(first);
}
