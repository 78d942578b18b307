// Gaussian scaling of outlier scores into probabilities (Kriegel, Kröger, Schubert & Zimek 2011, "Interpreting and Unifying Outlier Scores").
import { normalCdf } from '../stats/normal-distribution.js';

/**
 * Turns a detector's `scoreSamples` (higher = more normal) into a suspicion in [0, 1] that can be
 * compared across detectors: with S = −score, mu = median(S) and sigma = 1.4826 MAD(S) (the
 * robust versions, so the outliers being scored do not hide themselves by inflating the spread),
 * suspicion = max(0, erf((S − mu) / (sigma √2))). A row at the median gets 0; one 3 robust standard
 * deviations out gets 0.997. When the MAD is zero (most rows tie) the standard deviation is used;
 * when every score is equal, every suspicion is 0.
 *
 * @example
 * const suspicion = calibrateSuspicion(await detector.scoreSamples(x));
 */
export function calibrateSuspicion(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const s = Float64Array.from(scores, (v) => -v);
  const sorted = Float64Array.from(s).sort();
  const mu = median(sorted);
  const dev = Float64Array.from(sorted, (v) => Math.abs(v - mu)).sort();
  let sigma = 1.4826 * median(dev);
  if (!(sigma > 0)) {
    let m = 0;
    for (let i = 0; i < n; i++) m += s[i]!;
    m /= Math.max(1, n);
    let v = 0;
    for (let i = 0; i < n; i++) v += (s[i]! - m) ** 2;
    sigma = Math.sqrt(v / Math.max(1, n - 1));
  }
  const out = new Float64Array(n);
  if (!(sigma > 0)) return out;
  // erf(z / sqrt 2) = 2 Phi(z) - 1.
  for (let i = 0; i < n; i++) out[i] = Math.max(0, 2 * normalCdf((s[i]! - mu) / sigma) - 1);
  return out;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const m = n >> 1;
  return n % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

