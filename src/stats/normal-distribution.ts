/**
 * The standard normal distribution: the tails through the incomplete gamma function,
 * Phi(-z) = Q(1/2, z^2/2) / 2 (Abramowitz & Stegun 7.1.2, 6.5.17), so they keep relative accuracy
 * far out; the quantile by Newton steps on log Phi from the Abramowitz & Stegun 26.2.23 start.
 */
import { regularizedGammaP, regularizedGammaQ } from './gamma-functions.js';

const INV_SQRT_2PI = 0.3989422804014327;

/** The standard normal density. */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * P(Z <= z) for a standard normal Z, as scipy.stats.norm.cdf.
 *
 * @example
 * normalCdf(1.959963984540054); // 0.975
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const h = 0.5 * z * z;
  if (z < 0) return 0.5 * regularizedGammaQ(0.5, h);
  return 0.5 + 0.5 * regularizedGammaP(0.5, h);
}

/**
 * P(Z > z) for a standard normal Z, as scipy.stats.norm.sf: accurate in relative terms for large z.
 *
 * @example
 * normalSf(10); // 7.619853024160498e-24
 */
export function normalSf(z: number): number {
  return normalCdf(-z);
}

/**
 * The quantile function: the z with P(Z <= z) = p, as scipy.stats.norm.ppf (-Infinity at 0,
 * Infinity at 1, NaN outside [0, 1]).
 *
 * @example
 * normalPpf(0.975); // 1.9599639845400534
 */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower tail, where relative accuracy is available; mirror at the end.
  const lower = p < 0.5;
  const q = lower ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let z = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  const logQ = Math.log(q);
  for (let i = 0; i < 50; i++) {
    let step: number;
    if (q > 0.25) {
      // Near the centre: Newton on Phi(z) - 1/2 - (q - 1/2), both sides exact to an ulp
      // (q - 1/2 is exact by Sterbenz; Phi(z) - 1/2 = sign(z) P(1/2, z^2/2) / 2).
      step = (0.5 * Math.sign(z) * regularizedGammaP(0.5, 0.5 * z * z) - (q - 0.5)) / normalPdf(z);
    } else {
      // In the tail: Newton on g(z) = log Phi(z) - log q, with g'(z) = phi(z) / Phi(z).
      const cdf = normalCdf(z);
      step = ((Math.log(cdf) - logQ) * cdf) / normalPdf(z);
    }
    z -= step;
    if (Math.abs(step) <= 1e-15 * Math.abs(z) || !Number.isFinite(step)) break;
  }
  // For p >= 0.5, q = 1 - p is exact (Sterbenz), so mirroring loses nothing.
  return lower ? z : -z;
}
