/**
 * The exact distribution of the one-sided Kolmogorov–Smirnov statistic D+_n (Smirnov 1944;
 * Birnbaum & Tingey 1951), summed in double-double precision with scaled powers as in
 * van Mulbregt (2018) "Computing the CDF and quantiles of the one-sided Kolmogorov–Smirnov
 * statistic", arXiv:1802.06966 — the algorithm behind scipy.special.smirnov — with each term
 * evaluated in log space (see smirnovSum) for speed at large n.
 */
import { type DoubleDouble, ddMulNumber, twoProduct, twoSum } from './double-double.js';

/** exp() of anything below this underflows to zero (cephes MINLOG). */
const MIN_LOG = -745.1332191019412;
/** Above this n the sum is replaced by the approximation exp(-(6nx + 1)^2 / 18n), as scipy does. */
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const EPS = 2.220446049250313e-16;

/** (hi + lo)^m for an integer m, with the low part carried as (1 + lo/hi)^m. */
function powerValue(base: DoubleDouble, m: number): number {
  const p = Math.pow(base.hi, m);
  return base.lo === 0 ? p : p * Math.exp(m * Math.log1p(base.lo / base.hi));
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** sf = P(D+_n > x) and cdf = P(D+_n <= x), computed together. */
interface TwoProbs {
  readonly sf: number;
  readonly cdf: number;
}

const SPLITTER = 134217729; // 2^27 + 1, for Dekker's exact product

/**
 * sum over v of C(n, v) (1 - x - v/n)^(n - v) (x + v/n)^(v - 1), each term evaluated as
 * exp(log C + (n - v) log|1 - x - v/n| + (v - 1) log(x + v/n)). The bases are formed in
 * double-double, log C is accumulated in double-double and the large products are formed exactly,
 * so a term's relative error is about (n - v) ulp(log|1 - x - v/n|) + (v - 1) ulp(log(x + v/n)):
 * at most ~3e-11 for n = 500000 and random in sign, so the sum keeps ~1e-13 (1e-15 for small n).
 * One exp and three logs per term is ~20 times cheaper than scipy's scaled double-double powers.
 * Written with scalar locals (no objects) because it runs up to n times.
 */
function smirnovSum(n: number, x: number, start: number, step: number, nTerms: number): DoubleDouble {
  const vmid = Math.floor(n / 2);
  let sumHi = 0;
  let sumLo = 0;
  let logCHi = 0; // log C(n, j) in double-double; C(n, v) = C(n, n - v) serves both directions
  let logCLo = 0;
  for (let j = 0; j < nTerms; j++) {
    const v = start + j * step;
    let eHi = logCHi;
    let eLo = logCLo;
    let sign = 1;
    for (let factor = 0; factor < 2; factor++) {
      // factor 0: base 1 - x - v/n = (n - v)/n - x, power n - v; factor 1: base v/n + x, power v - 1.
      const num = factor === 0 ? n - v : v;
      const power = factor === 0 ? n - v : v - 1;
      const addend = factor === 0 ? -x : x;
      if (power === 0) continue;
      // q = num / n in double-double (Dekker: exact remainder from the split product).
      const q = num / n;
      let t = SPLITTER * q;
      const qh = t - (t - q);
      const ql = q - qh;
      t = SPLITTER * n;
      const nh = t - (t - n);
      const nl = n - nh;
      const p = q * n;
      const pErr = qh * nh - p + qh * nl + ql * nh + ql * nl;
      const qLo = (num - p - pErr) / n;
      // base = q + qLo + addend.
      const s = q + addend;
      const bb = s - q;
      const sErr = q - (s - bb) + (addend - bb);
      const baseHi = s + (sErr + qLo);
      const baseLo = sErr + qLo - (baseHi - s);
      if (baseHi === 0) {
        eHi = -Infinity;
        continue;
      }
      if (baseHi < 0 && power % 2 === 1) sign = -sign;
      const logBase = Math.log(Math.abs(baseHi)) + baseLo / baseHi;
      // e += power * logBase, the product formed exactly.
      const m = power * logBase;
      t = SPLITTER * power;
      const ph = t - (t - power);
      const pl = power - ph;
      t = SPLITTER * logBase;
      const lh = t - (t - logBase);
      const ll = logBase - lh;
      const mErr = ph * lh - m + ph * ll + pl * lh + pl * ll;
      const s2 = eHi + m;
      const bb2 = s2 - eHi;
      const s2Err = eHi - (s2 - bb2) + (m - bb2);
      eHi = s2 + (s2Err + mErr + eLo);
      eLo = s2Err + mErr + eLo - (eHi - s2);
    }
    const term = eHi < MIN_LOG ? 0 : sign * Math.exp(eHi) * (1 + eLo);
    if (Number.isFinite(term) && term !== 0) {
      const s3 = sumHi + term;
      const bb3 = s3 - sumHi;
      const s3Err = sumHi - (s3 - bb3) + (term - bb3);
      sumHi = s3 + (s3Err + sumLo);
      sumLo = s3Err + sumLo - (sumHi - s3);
    }
    if (term !== 0) {
      // Stop once the remaining terms cannot change the sum.
      if (j > 0 && 4 * (nTerms - j) * Math.abs(term) < EPS * sumHi && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    const inc = Math.log((n - j) / (j + 1));
    const s4 = logCHi + inc;
    const bb4 = s4 - logCHi;
    const s4Err = logCHi - (s4 - bb4) + (inc - bb4);
    logCHi = s4 + (s4Err + logCLo);
    logCLo = s4Err + logCLo - (logCHi - s4);
  }
  return { hi: sumHi, lo: sumLo };
}

function smirnovProbs(n: number, x: number): TwoProbs {
  if (!(Number.isInteger(n) && n > 0 && x >= 0 && x <= 1)) return { sf: NaN, cdf: NaN };
  if (n === 1) return { sf: 1 - x, cdf: x };
  if (x === 0) return { sf: 1, cdf: 0 };
  if (x === 1) return { sf: 0, cdf: 1 };

  // floor(n x) and its remainder, exactly.
  const nxD = twoProduct(x, n);
  let nxfl = Math.floor(nxD.hi);
  let alpha = nxD.hi - nxfl + nxD.lo;
  if (alpha < 0) {
    nxfl -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  // When n x is an integer the last term of either sum is zero: leave it out.
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    // x <= 1/n: P(D+ <= x) = x (1 + x)^(n - 1).
    const cdf = x * powerValue(twoSum(1, x), n - 1);
    return { sf: clip01(1 - cdf), cdf: clip01(cdf) };
  }
  if (-2 * n * x * x < MIN_LOG) return { sf: 0, cdf: 1 };
  if (nxfl >= n - 1) {
    // x >= 1 - 1/n: P(D+ > x) = (1 - x)^n.
    const sf = powerValue(twoSum(1, -x), n);
    return { sf: clip01(sf), cdf: clip01(1 - sf) };
  }
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    if (logp < -Math.LN2) {
      const sf = Math.exp(logp);
      return { sf, cdf: 1 - sf };
    }
    const cdf = -Math.expm1(logp);
    return { sf: 1 - cdf, cdf };
  }

  // The lower sum (v = 0, 1, ...) gives the sf; the upper one (v = n, n - 1, ...) the cdf. The upper
  // sum alternates in sign, so it is used only when it has very few terms (scipy's rule).
  const nUpperTerms = n - n1mxceil + 1;
  const useUpperSum = (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n));
  const sum = useUpperSum ? smirnovSum(n, x, n, -1, nUpperTerms) : smirnovSum(n, x, 0, 1, n1mxfl + 1);
  const probD = ddMulNumber(sum, x);
  const prob = probD.hi + probD.lo;
  if (useUpperSum) return { sf: clip01(1 - prob), cdf: clip01(prob) };
  return { sf: clip01(prob), cdf: clip01(1 - prob) };
}

/**
 * P(D+_n > x): the survival function of the one-sided Kolmogorov–Smirnov statistic for a sample
 * of size n, as scipy.special.smirnov(n, x). NaN unless n is a positive integer and 0 <= x <= 1.
 *
 * @example
 * smirnovSf(5, 0.3); // 0.34282 (= 0.3 * sum of the Birnbaum–Tingey terms v = 0..3)
 */
export function smirnovSf(n: number, x: number): number {
  return smirnovProbs(n, x).sf;
}

/**
 * P(D+_n <= x), as scipy.special.smirnovc(n, x).
 *
 * @example
 * smirnovCdf(5, 0.3); // 0.65718
 */
export function smirnovCdf(n: number, x: number): number {
  return smirnovProbs(n, x).cdf;
}
