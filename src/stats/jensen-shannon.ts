/**
 * The Jensen–Shannon distance (Lin 1991, "Divergence measures based on the Shannon entropy",
 * IEEE Trans. Inf. Theory 37(1); Endres & Schindelin 2003 for the metric sqrt), as
 * scipy.spatial.distance.jensenshannon.
 */
import { AntidoteError } from '../core/errors.js';
import { type NumericSample, checkSample } from './sample-validation.js';
import { pairwiseSum } from './summation.js';
import type { TestResult } from './test-result.js';

/** Options of {@link jensenShannon}. */
export interface JensenShannonOptions {
  /** Logarithm base (default e). With base 2 the distance lies in [0, 1]. */
  readonly base?: number;
}

/** The result of {@link jensenShannon}. */
export interface JensenShannonResult extends TestResult {
  /** The distance: the square root of the divergence. */
  readonly statistic: number;
  /** No p-value is defined. */
  readonly pValue: null;
  /** The distance again. */
  readonly effectSize: number;
  /** The Jensen–Shannon divergence (the squared distance) in the chosen base. */
  readonly divergence: number;
}

/** x log(x / y) with the conventions 0 log(0 / y) = 0 (scipy.special.rel_entr for x, y >= 0). */
function relEntr(x: number, y: number): number {
  if (x === 0) return 0;
  return x * Math.log(x / y);
}

/**
 * Jensen–Shannon distance between two discrete distributions given as non-negative weights (each is
 * normalised to sum 1 first): sqrt((KL(p || m) + KL(q || m)) / 2) with m = (p + q) / 2, exactly as
 * scipy.spatial.distance.jensenshannon(p, q, base). Rounding can make the divergence a hair below
 * zero for identical inputs; it is clamped to 0 (scipy would return NaN).
 *
 * @example
 * jensenShannon([1, 0], [0, 1], { base: 2 }).statistic; // 1
 */
export function jensenShannon(p: NumericSample, q: NumericSample, options: JensenShannonOptions = {}): JensenShannonResult {
  checkSample('p', p, { nonNegative: true });
  checkSample('q', q, { nonNegative: true });
  if (p.length !== q.length) throw new AntidoteError('invalid_input', `p has ${p.length} entries and q has ${q.length}; they must have the same length`);
  const base = options.base;
  if (base !== undefined && !(base > 0 && base !== 1 && Number.isFinite(base))) {
    throw new AntidoteError('invalid_input', `base is ${base}; it must be a positive number other than 1`);
  }
  const sp = pairwiseSum(p);
  const sq = pairwiseSum(q);
  if (!(sp > 0)) throw new AntidoteError('invalid_input', 'p sums to 0; it needs at least one positive weight');
  if (!(sq > 0)) throw new AntidoteError('invalid_input', 'q sums to 0; it needs at least one positive weight');
  const n = p.length;
  const left = new Float64Array(n);
  const right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi = p[i]! / sp;
    const qi = q[i]! / sq;
    const m = (pi + qi) / 2;
    left[i] = relEntr(pi, m);
    right[i] = relEntr(qi, m);
  }
  let js = pairwiseSum(left) + pairwiseSum(right);
  if (base !== undefined) js /= Math.log(base);
  const divergence = Math.max(0, js / 2);
  const distance = Math.sqrt(divergence);
  return { statistic: distance, pValue: null, effectSize: distance, divergence };
}
