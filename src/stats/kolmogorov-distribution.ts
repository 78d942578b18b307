/**
 * The two-sided Kolmogorov–Smirnov distribution: Kolmogorov's limit K(x) (Kolmogorov 1933, with
 * the two theta-function series of van Mulbregt 2018, arXiv:1803.00426), and the exact finite-n
 * distribution of D_n by the method selection of Simard & L'Ecuyer (2011) "Computing the
 * two-sided Kolmogorov–Smirnov distribution", J. Stat. Softw. 39(11): Durbin's matrix (Marsaglia,
 * Tsang & Wang 2003), Pomeranz (1974), Pelz & Good (1976), Smirnov's one-sided sum, and the
 * Ruben–Gambino closed forms — the same choices as scipy.stats.kstwo.
 */
import { stirlingSeries } from './gamma-functions.js';
import { ldexp } from './double-double.js';
import { smirnovSf } from './smirnov-distribution.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;
const P128 = 2 ** 128;
const M128 = 2 ** -128;
/** Below this x the limiting CDF underflows: pi / sqrt(8 * 746). */
const KOLMOGOROV_X_MIN = Math.PI / Math.sqrt(746 * 8);
/** Switch between the small-x and large-x theta series. */
const KOLMOGOROV_CUTOVER = 0.82;

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

interface TwoProbs {
  readonly sf: number;
  readonly cdf: number;
}

function limitProbs(x: number): TwoProbs {
  if (Number.isNaN(x)) return { sf: NaN, cdf: NaN };
  if (x <= KOLMOGOROV_X_MIN) return { sf: 1, cdf: 0 };
  if (x <= KOLMOGOROV_CUTOVER) {
    // cdf = sqrt(2 pi)/x * sum_k exp(-(2k-1)^2 pi^2 / (8 x^2)) = w u (1 + u^8 + u^24 + u^48 + ...)
    const w = SQRT_2PI / x;
    const logu8 = -PI_SQUARED / (x * x);
    const u = Math.exp(logu8 / 8);
    let p: number;
    if (u === 0) {
      p = Math.exp(logu8 / 8 + Math.log(w));
    } else {
      const u8 = Math.exp(logu8);
      const u8cub = u8 ** 3;
      p = 1 + u8cub;
      p = 1 + u8 * u8 * p;
      p = 1 + u8 * p;
      p = w * u * p;
    }
    return { sf: clip01(1 - p), cdf: clip01(p) };
  }
  // sf = 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2) = 2v (1 - v^3 (1 - v^5 (1 - v^7 (...)))), v = exp(-2x^2)
  const v = Math.exp(-2 * x * x);
  const v3 = v ** 3;
  let p = 1;
  p = 1 - v3 * v3 * v * p;
  p = 1 - v3 * (v * v) * p;
  p = 1 - v3 * p;
  p = 2 * v * p;
  return { sf: clip01(p), cdf: clip01(1 - p) };
}

/**
 * Kolmogorov's limiting survival function K(x) = P(sqrt(n) D_n > x) as n -> infinity, as
 * scipy.special.kolmogorov (scipy.stats.kstwobign.sf).
 *
 * @example
 * kolmogorovLimitSf(1.3580986393225507); // 0.05
 */
export function kolmogorovLimitSf(x: number): number {
  return limitProbs(x).sf;
}

/** The limiting CDF 1 - K(x), as scipy.special.kolmogc (scipy.stats.kstwobign.cdf). */
export function kolmogorovLimitCdf(x: number): number {
  return limitProbs(x).cdf;
}

/** log(n! / n^n) = log((n-1)!) - (n-1) log n, by Stirling's series without cancellation. */
function logFactorialOverPower(n: number): number {
  return Math.log(n) / 2 - n + LOG_SQRT_2PI + stirlingSeries(n);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return out;
}

/** P(D_n <= d) by Durbin's matrix method as arranged by Marsaglia, Tsang & Wang (2003). */
function durbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let H: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let exponent = 0;
  let hExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      power = matmul(power, H, m);
      exponent += hExponent;
    }
    H = matmul(H, H, m);
    hExponent *= 2;
    if (Math.abs(H[centre]!) > P128) {
      for (let i = 0; i < H.length; i++) H[i]! /= P128;
      hExponent += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = power[centre]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= 128;
    }
  }
  if (exponent !== 0) p = ldexp(p, exponent);
  return clip01(p);
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n <= x) by the Pomeranz (1974) recursion. */
function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  // Almost-Poisson weights (g/n)^m/m!, (2g/n)^m/m!, ((1-2g)/n)^m/m!.
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1]! * gOverN) / m;
    twogpower[m] = (twogpower[m - 1]! * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1]! * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let exponent = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // Entries conv_start .. conv_start + conv_len - 1 of the full convolution of
      // V0[k1 - V0s ..][:ln2] with pwrs[:ln2].
      const offset = k1 - V0s;
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      const aLen = Math.min(ln2, npwrs - offset);
      let max = 0;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        const lo = Math.max(0, idx - ln2 + 1);
        const hi = Math.min(idx, aLen - 1);
        for (let a = lo; a <= hi; a++) s += V0[offset + a]! * pwrs[idx - a]!;
        V1[c] = s;
        if (s > max) max = s;
      }
      if (max > 0 && max < M128) {
        for (let c = 0; c < convLen; c++) V1[c]! *= P128;
        exponent -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      exponent += 128;
    }
    ans *= m;
  }
  if (exponent !== 0) ans = ldexp(ans, exponent);
  return clip01(ans);
}

/** The Pelz & Good (1976) asymptotic approximation of P(D_n <= x). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = z * z;
  const zthree = z ** 3;
  const zfour = z ** 4;
  const zsix = z ** 6;
  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16;
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64;
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  // Horner over the odd squares: sum_k c_k q^((2k-1)^2).
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const msquared = m * m;
    const mfour = m ** 4;
    const msix = m ** 6;
    const qpower = q ** (8 * k);
    K[0] = K[0]! * qpower + 1;
    K[1] = K[1]! * qpower + (k1a + k1b * msquared);
    K[2] = K[2]! * qpower + (k2a + k2b * msquared + k2c * mfour);
    K[3] = K[3]! * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix);
  }
  const divisors = [z, 6 * zfour, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * SQRT_2PI) / divisors[i]!;
  // The other sums run over all integers k.
  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const ksq = k * k;
    const qp = q ** ksq;
    const kspi = Math.PI * k;
    k2extra += ksq * qp;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
  }
  K[2] = K[2]! + k2extra * ((PI_SQUARED * SQRT_2PI) / (-36 * zthree));
  K[3] = K[3]! + k3extra * ((PI_SQUARED * SQRT_2PI) / (216 * zsix));
  K[1] = K[1]! / n ** 0.5;
  K[2] = K[2]! / n;
  K[3] = K[3]! / n ** 1.5;
  return K[0]! + K[1]! + K[2]! + K[3]!;
}

function kolmogorovProbs(n: number, x: number, wantSf: boolean): number {
  if (!(Number.isInteger(n) && n > 0) || Number.isNaN(x)) return NaN;
  const pick = (cdf: number, sf: number): number => clip01(wantSf ? sf : cdf);
  if (x >= 1) return pick(1, 0);
  if (x <= 0) return pick(0, 1);
  const t = n * x;
  if (t <= 1) {
    // Ruben & Gambino: P(D_n <= x) = n!/n^n (2t - 1)^n for 1/(2n) <= x <= 1/n.
    if (t <= 0.5) return pick(0, 1);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      const invN = 1 / n;
      for (let i = 1; i <= n; i++) prob *= i * invN * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return pick(prob, 1 - prob);
  }
  if (t >= n - 1) {
    const prob = 2 * (1 - x) ** n;
    return pick(1 - prob, prob);
  }
  if (x >= 0.5) {
    // D_n > x >= 1/2 needs D+ > x or D- > x, which cannot both happen.
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) {
      const prob = durbinCdf(n, x);
      return pick(prob, 1 - prob);
    }
    if (nxsquared <= 4) {
      const prob = pomeranzCdf(n, x);
      return pick(prob, 1 - prob);
    }
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob);
  }
  if (wantSf) {
    if (nxsquared >= 370) return 0;
    if (nxsquared >= 2.2) return clip01(2 * smirnovSf(n, x));
  }
  let cdf: number;
  if (nxsquared >= 18) cdf = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdf = durbinCdf(n, x);
  else cdf = pelzGoodCdf(n, x);
  return pick(cdf, 1 - cdf);
}

/**
 * P(D_n > x) for the two-sided one-sample Kolmogorov–Smirnov statistic D_n with sample size n,
 * as scipy.stats.kstwo.sf(x, n). NaN unless n is a positive integer.
 *
 * @example
 * kolmogorovSf(10, 0.4); // 0.0589892452 (exact distribution, Pomeranz branch)
 */
export function kolmogorovSf(n: number, x: number): number {
  if (x <= 0.5 / n) return Number.isInteger(n) && n > 0 ? 1 : NaN;
  return kolmogorovProbs(n, x, true);
}

/**
 * P(D_n <= x), as scipy.stats.kstwo.cdf(x, n).
 *
 * @example
 * kolmogorovCdf(10, 0.4); // 0.9410107548
 */
export function kolmogorovCdf(n: number, x: number): number {
  if (x <= 0.5 / n) return Number.isInteger(n) && n > 0 ? 0 : NaN;
  return kolmogorovProbs(n, x, false);
}
