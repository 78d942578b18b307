/**
 * Log-gamma and the regularised incomplete gamma functions P(a, x) and Q(a, x): Stirling's series
 * and the (zeta(n) - 1) Taylor series of log Gamma (Abramowitz & Stegun 6.1.33, 6.1.40); the
 * series and Legendre continued fraction of Numerical Recipes (Press et al. 2007, section 6.2),
 * with the x^a e^-x / Gamma(a) prefactor computed through log1p(t) - t as in Temme (1979).
 */

const LN_SQRT_2PI = 0.9189385332046727418; // log(sqrt(2 pi))
const EULER_GAMMA = 0.5772156649015328606;
const EPS = 2.220446049250313e-16;

/** Bernoulli numbers B_2 .. B_16. */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510] as const;

/**
 * zeta(n) - 1 for n = 0 .. ZETA_TERMS - 1 (entries 0 and 1 unused), by direct summation up to
 * N - 1 = 19 and the Euler–Maclaurin tail beyond; accurate to a few ulps.
 */
const ZETA_TERMS = 40;
const ZETA_MINUS_ONE: Float64Array = (() => {
  const out = new Float64Array(ZETA_TERMS);
  const N = 20;
  for (let n = 2; n < ZETA_TERMS; n++) {
    // Add the smallest terms first.
    let tail = N ** (1 - n) / (n - 1) + 0.5 * N ** -n;
    let rising = n; // n (n+1) ... (n + 2j - 2)
    let factorial = 2; // (2j)!
    for (let j = 1; j <= 7; j++) {
      tail += (BERNOULLI[j - 1]! / factorial) * rising * N ** (-n - 2 * j + 1);
      rising *= (n + 2 * j - 1) * (n + 2 * j);
      factorial *= (2 * j + 1) * (2 * j + 2);
    }
    let s = tail;
    for (let k = N - 1; k >= 2; k--) s += k ** -n;
    out[n] = s;
  }
  return out;
})();

/** sum_{n>=2} (-1)^n (zeta(n) - 1) z^n / n, for |z| <= 0.5. */
function zetaSeries(z: number): number {
  let sum = 0;
  let power = -z; // (-z)^n, advanced before use
  for (let n = 2; n < ZETA_TERMS; n++) {
    power *= -z;
    const term = (ZETA_MINUS_ONE[n]! * power) / n;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * The remainder of Stirling's series, log Gamma(x) - ((x - 1/2) log x - x + log sqrt(2 pi)), for
 * x >= 10 (absolute error below 1e-17 there).
 */
export function stirlingSeries(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  let s = 0;
  for (let j = BERNOULLI.length; j >= 1; j--) {
    s = s * r2 + BERNOULLI[j - 1]! / (2 * j * (2 * j - 1));
  }
  return s * r;
}

/**
 * The difference between log Gamma(a) and Stirling's leading terms, used by the incomplete gamma
 * prefactor: log Gamma(a) - ((a - 1/2) log a - a + log sqrt(2 pi)).
 */
function stirlingCorrection(a: number): number {
  if (a >= 10) return stirlingSeries(a);
  return logGamma(a) - ((a - 0.5) * Math.log(a) - a + LN_SQRT_2PI);
}

/**
 * log |Gamma(x)|, as scipy.special.gammaln: +Infinity at 0 and the negative integers.
 * Relative error below about 1e-15 on (0, infinity), including near the roots at 1 and 2.
 *
 * @example
 * logGamma(10); // 12.801827480081469 (= log 9!)
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x) || x === -Infinity) return Infinity;
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x).
    const s = Math.sin(Math.PI * (x - 2 * Math.floor(x / 2)));
    return Math.log(Math.PI / Math.abs(s)) - logGamma(1 - x);
  }
  if (x < 0.5) {
    // log Gamma(x) = log Gamma(1 + x) - log x, with log Gamma(1 + x) from the zeta series.
    return -Math.log1p(x) + x * (1 - EULER_GAMMA) + zetaSeries(x) - Math.log(x);
  }
  if (x < 1.5) {
    const z = x - 1;
    return -Math.log1p(z) + z * (1 - EULER_GAMMA) + zetaSeries(z);
  }
  if (x < 2.5) {
    const z = x - 2;
    return z * (1 - EULER_GAMMA) + zetaSeries(z);
  }
  if (x < 10) {
    // Shift down into [1.5, 2.5): Gamma(x) = (x-1)(x-2)...(y) Gamma(y); each subtraction is exact.
    let y = x;
    let product = 1;
    while (y >= 2.5) {
      y -= 1;
      product *= y;
    }
    return logGamma(y) + Math.log(product);
  }
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingSeries(x);
}

/** log(1 + t) - t, accurate also when t is small. */
export function log1pmx(t: number): number {
  if (Math.abs(t) > 0.5) return Math.log1p(t) - t;
  // With s = t / (2 + t): log(1 + t) = 2 atanh(s) and t - 2s = 2 s^2 / (1 - s).
  const s = t / (2 + t);
  const s2 = s * s;
  let term = s * s2;
  let series = 0;
  for (let k = 3; k < 200; k += 2) {
    const add = term / k;
    series += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(series)) break;
    term *= s2;
  }
  return -(2 * s2) / (1 - s) + 2 * series;
}

/** x^a e^-x / Gamma(a), without overflow in the intermediate terms. */
function gammaPrefactor(a: number, x: number): number {
  if (a < 10) return Math.exp(a * Math.log(x) - x - logGamma(a));
  // x^a e^-x / Gamma(a) = sqrt(a / 2 pi) exp(a (log1p(t) - t) - stirlingCorrection(a)), t = (x - a) / a.
  // Far from x = a, log(x / a) is better conditioned than log1p of a rounded t near -1.
  const t = (x - a) / a;
  const exponent = Math.abs(t) <= 0.5 ? a * log1pmx(t) : a * Math.log(x / a) - (x - a);
  return Math.sqrt(a / (2 * Math.PI)) * Math.exp(exponent - stirlingCorrection(a));
}

/** P by its power series (converges for all x; used when x < a + 1). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum * gammaPrefactor(a, x);
}

/** Q by the Legendre continued fraction, modified Lentz (used when x >= a + 1). */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS / 2) break;
  }
  return h * gammaPrefactor(a, x);
}

function checkGammaArgs(a: number, x: number): boolean {
  return a > 0 && x >= 0 && !Number.isNaN(a) && !Number.isNaN(x) && a !== Infinity;
}

/**
 * The regularised lower incomplete gamma function P(a, x) = gamma(a, x) / Gamma(a), as
 * scipy.special.gammainc. NaN outside a > 0, x >= 0.
 *
 * @example
 * regularizedGammaP(1, 2); // 1 - e^-2 = 0.8646647167633873
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!checkGammaArgs(a, x)) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) return Math.min(1, lowerSeries(a, x));
  return 1 - upperContinuedFraction(a, x);
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x), as
 * scipy.special.gammaincc; accurate in relative terms deep into the upper tail.
 *
 * @example
 * regularizedGammaQ(1, 2); // e^-2 = 0.1353352832366127
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!checkGammaArgs(a, x)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.max(0, 1 - lowerSeries(a, x));
  return upperContinuedFraction(a, x);
}
