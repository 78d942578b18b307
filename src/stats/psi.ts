/**
 * The Population Stability Index (Siddiqi 2006, "Credit Risk Scorecards", ch. 8):
 * sum over bins of (q - p) log(q / p) between the reference (p) and current (q) bin proportions —
 * a symmetric (Jeffreys) divergence, defined here exactly as the project's scipy peer
 * (shared/peers/bench_stats.py) computes it.
 */
import { AntidoteError } from '../core/errors.js';
import { linearQuantiles } from './linear-quantile.js';
import { type NumericSample, checkInteger, checkSample } from './sample-validation.js';
import { pairwiseSum } from './summation.js';
import type { TestResult } from './test-result.js';

/** Options of {@link psi}. */
export interface PsiOptions {
  /** Number of quantile bins of the reference sample (default 10). */
  readonly bins?: number;
  /** Proportions below this are raised to it before taking logs (default 1e-6). */
  readonly epsilon?: number;
}

/** The result of {@link psi} and {@link psiFromProportions}. */
export interface PsiResult extends TestResult {
  /** The PSI itself (0 = identical binned distributions; 0.1 and 0.25 are the usual alert levels). */
  readonly statistic: number;
  /** PSI defines no p-value. */
  readonly pValue: null;
  /** The PSI again: it is already a scale-free effect size. */
  readonly effectSize: number;
  /** The reference quantiles that separate the bins (bins - 1 of them). */
  readonly edges: Float64Array;
  /** Reference proportions per bin, after raising to epsilon. */
  readonly referenceProportions: Float64Array;
  /** Current proportions per bin, after raising to epsilon. */
  readonly currentProportions: Float64Array;
}

function toTyped(x: NumericSample): Float64Array | Float32Array {
  return x instanceof Float32Array || x instanceof Float64Array ? x : Float64Array.from(x);
}

const LOOKUP_BUCKETS = 4096;

/**
 * Bin proportions: bin i holds the values v with edges[i-1] < v <= edges[i] (numpy searchsorted,
 * side left). A lookup table over [first edge, last edge] answers most values with one read; only
 * values in a bucket that an edge passes near are compared against the edges.
 */
function binProportions(values: Float64Array | Float32Array, edges: Float64Array, bins: number): Float64Array {
  const counts = new Float64Array(bins);
  const m = edges.length;
  const below = (x: number): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const first = m > 0 ? edges[0]! : 0;
  const last = m > 0 ? edges[m - 1]! : 0;
  const scale = LOOKUP_BUCKETS / (last - first);
  if (m === 0 || !(Number.isFinite(scale) && scale > 0)) {
    for (let k = 0; k < values.length; k++) counts[below(values[k]!)]!++;
  } else {
    // Slot j + 1 covers bucket j of [first, last); slot 0 everything below first, slot B + 1 the
    // rest. A value that maps to bucket j lies within one bucket of it whatever the rounding, so
    // the number of edges below it is between low (edges below bucket j - 1) and high (edges below
    // the end of bucket j + 1); where they agree no comparison is needed.
    const slots = LOOKUP_BUCKETS + 2;
    const low = new Int32Array(slots);
    const high = new Int32Array(slots);
    for (let j = 0; j < LOOKUP_BUCKETS; j++) {
      low[j + 1] = below(first + (j - 1) / scale);
      high[j + 1] = below(first + (j + 2) / scale);
    }
    low[slots - 1] = below(first + (LOOKUP_BUCKETS - 1) / scale);
    high[slots - 1] = m;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      const slot = Math.max(0, Math.min(slots - 1, Math.floor((v - first) * scale) + 1));
      let c = low[slot]!;
      if (c !== high[slot]) while (c < m && edges[c]! < v) c++;
      counts[c]!++;
    }
  }
  for (let i = 0; i < bins; i++) counts[i]! /= values.length;
  return counts;
}

function psiOf(p: Float64Array, q: Float64Array, epsilon: number): number {
  const terms = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const pi = Math.max(p[i]!, epsilon);
    const qi = Math.max(q[i]!, epsilon);
    p[i] = pi;
    q[i] = qi;
    terms[i] = (qi - pi) * Math.log(qi / pi);
  }
  return pairwiseSum(terms);
}

/**
 * PSI between bin proportions `p` (reference) and `q` (current), each raised to at least `epsilon`:
 * sum (q - p) log(q / p). Use it when the proportions come from elsewhere (a baseline's stored bins).
 *
 * @example
 * psiFromProportions([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]).statistic; // 0.020273255405408
 */
export function psiFromProportions(p: NumericSample, q: NumericSample, epsilon = 1e-6): PsiResult {
  checkSample('p', p, { nonNegative: true });
  checkSample('q', q, { nonNegative: true });
  if (p.length !== q.length) throw new AntidoteError('invalid_input', `p has ${p.length} bins and q has ${q.length}; they must have the same length`);
  if (!(epsilon > 0)) throw new AntidoteError('invalid_input', `epsilon is ${epsilon}; it must be > 0`);
  const pp = Float64Array.from(p);
  const qq = Float64Array.from(q);
  const value = psiOf(pp, qq, epsilon);
  return { statistic: value, pValue: null, effectSize: value, edges: new Float64Array(0), referenceProportions: pp, currentProportions: qq };
}

/**
 * Population Stability Index of `current` against `reference`: the reference's quantiles at
 * 1/bins, 2/bins, ... (numpy's linear quantile; float32 input handled as numpy does) cut both
 * samples into bins (a value equal to an edge goes to the lower bin, as np.searchsorted), the
 * proportions are raised to at least 1e-6, and PSI = sum (q - p) log(q / p). Identical to the
 * project's scipy peer, bench_stats.py. Values must be finite.
 *
 * @example
 * const { statistic } = psi(referenceScores, todaysScores, { bins: 10 });
 * if (statistic > 0.25) alert('population shift');
 */
export function psi(reference: NumericSample, current: NumericSample, options: PsiOptions = {}): PsiResult {
  const bins = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-6;
  checkInteger('bins', bins, 1);
  if (!(epsilon > 0)) throw new AntidoteError('invalid_input', `epsilon is ${epsilon}; it must be > 0`);
  checkSample('reference', reference);
  checkSample('current', current);
  const ref = toTyped(reference);
  const cur = toTyped(current);
  // np.linspace(0, 1, bins + 1)[1:-1] is i * (1 / bins).
  const step = 1 / bins;
  const probabilities = Array.from({ length: bins - 1 }, (_, i) => (i + 1) * step);
  const edges = linearQuantiles(ref, probabilities);
  const p = binProportions(ref, edges, bins);
  const q = binProportions(cur, edges, bins);
  const value = psiOf(p, q, epsilon);
  return { statistic: value, pValue: null, effectSize: value, edges, referenceProportions: p, currentProportions: q };
}
