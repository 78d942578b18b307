/**
 * The null distribution of the two-sample Kolmogorov–Smirnov statistic D_{m,n}: exact by counting
 * lattice paths (Hodges 1958, "The significance probability of the Smirnov two-sample test", Ark.
 * Mat. 3; the 1 - p recursion of Viehmann 2021, arXiv:2102.08037), and asymptotic through the
 * finite-n Kolmogorov distribution (two-sided) or Hodges' eq. 5.3 (one-sided) — the same
 * computations, in the same order, as scipy.stats.ks_2samp (scipy 1.10).
 */
import { binomialCoefficient } from './binomial-coefficient.js';
import { kolmogorovSf } from './kolmogorov-distribution.js';

/** The alternative hypotheses of a two-sample KS test, as scipy names them. */
export const KS_ALTERNATIVES = ['two-sided', 'less', 'greater'] as const;
/** One of {@link KS_ALTERNATIVES}. */
export type KsAlternative = (typeof KS_ALTERNATIVES)[number];

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Pr(D_{n,n} >= h/n): the share of lattice paths that leave the band |x - y| < h (m = n). */
function probOutsideSquare(n: number, h: number): number {
  // 2 (binom(2n, n-h) - binom(2n, n-2h) + ...) / binom(2n, n), evaluated Horner-like to avoid
  // the subtractive cancellation of the alternating sum.
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * The share of lattice paths from (0, 0) to (m, n) that do not stay strictly inside
 * |x/m - y/n| < h / lcm(m, n): the two-sided exact p-value, by Viehmann's recursion for 1 - p
 * over a sliding window of one column.
 */
function outerProbInsideMethod(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}

/**
 * The number of lattice paths from (0, 0) to (m, n) that pass below m y <= n x - h g at some
 * point (Hodges' treatment of Drion, Gnedenko and Korolyuk): the one-sided count. May overflow
 * to Infinity or NaN; the caller checks.
 */
function countPathsOutside(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  // Only the x where n x / m + ng h crosses an integer matter.
  const lxj = n + Math.floor((mg - h) / mg);
  if (lxj <= 0) return binomialCoefficient(m + n, n);
  const xj = new Float64Array(lxj);
  for (let j = 0; j < lxj; j++) xj[j] = Math.floor((h + mg * j + ng - 1) / ng);
  // B[j] = paths to (xj[j], j) that have not crossed the boundary before.
  const B = new Float64Array(lxj);
  B[0] = 1;
  for (let j = 1; j < lxj; j++) {
    let Bj = binomialCoefficient(xj[j]! + j, j);
    for (let i = 0; i < j; i++) Bj -= binomialCoefficient(xj[j]! - xj[i]! + j - i, j - i) * B[i]!;
    if (!Number.isFinite(Bj)) return NaN;
    B[j] = Bj;
  }
  let numPaths = 0;
  for (let j = 0; j < lxj; j++) numPaths += B[j]! * binomialCoefficient(m - xj[j]! + (n - j), n - j);
  return numPaths;
}

/**
 * The exact p-value P(D >= h / lcm(n1, n2)) of a two-sample KS statistic, or null when double
 * precision cannot represent the path counts (scipy then falls back to the asymptotic value).
 * `h` is the statistic times lcm(n1, n2), an integer.
 *
 * @example
 * ksTwoSampleExactPValue(5, 5, 3, 'two-sided'); // P(D >= 3/5) = 0.35714285714285715
 */
export function ksTwoSampleExactPValue(n1: number, n2: number, h: number, alternative: KsAlternative): number | null {
  if (h === 0) return 1;
  const g = gcd(n1, n2);
  let prob: number;
  if (alternative === 'two-sided') {
    prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInsideMethod(n1, n2, g, h);
  } else if (n1 === n2) {
    // binom(2n, n-h) / binom(2n, n), as a product to avoid rounding in the binomials.
    prob = 1;
    for (let j = 0; j < h; j++) prob *= (n1 - j) / (n1 + j + 1);
  } else {
    const total = binomialCoefficient(n1 + n2, n1);
    if (!Number.isFinite(total)) return null;
    const numPaths = countPathsOutside(n1, n2, g, h);
    if (!Number.isFinite(numPaths) || numPaths > total) return null;
    prob = numPaths / total;
  }
  if (!(prob >= 0 && prob <= 1)) return null;
  return prob;
}

/** numpy's round: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The asymptotic p-value of a two-sample KS statistic d: two-sided from the exact one-sample
 * Kolmogorov distribution at the effective size round(n1 n2 / (n1 + n2)) (scipy's kstwo.sf),
 * one-sided from Hodges' approximation exp(-2z^2 - 2z(m + 2n) / (3 sqrt(mn(m + n)))) with m the
 * larger size. The effective size is at least 1 (scipy gives NaN for n1 = n2 = 1).
 *
 * @example
 * ksTwoSampleAsymptoticPValue(0.05, 20000, 30000, 'two-sided'); // 1.64e-26
 */
export function ksTwoSampleAsymptoticPValue(d: number, n1: number, n2: number, alternative: KsAlternative): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  let prob: number;
  if (alternative === 'two-sided') {
    const size = Math.max(1, roundHalfEven(en));
    prob = kolmogorovSf(size, d);
  } else {
    const z = Math.sqrt(en) * d;
    const expt = -2 * (z * z) - (2 * z * (m + 2 * n)) / Math.sqrt(m * n * (m + n)) / 3;
    prob = Math.exp(expt);
  }
  return Math.min(1, Math.max(0, prob));
}
