/**
 * The two-sample Kolmogorov–Smirnov test (Smirnov 1939, "On the estimation of the discrepancy
 * between empirical curves of distribution for two independent samples"), matching
 * scipy.stats.ks_2samp (scipy 1.10) in statistic, p-value and method selection.
 */
import { AntidoteError } from '../core/errors.js';
import {
  KS_ALTERNATIVES,
  type KsAlternative,
  gcd,
  ksTwoSampleAsymptoticPValue,
  ksTwoSampleExactPValue,
  roundHalfEven,
} from './ks-two-sample-distribution.js';
import { type NumericSample, checkChoice, checkInteger } from './sample-validation.js';
import type { TestResult } from './test-result.js';

/** The alternatives, re-exported so callers need only this module. */
export { KS_ALTERNATIVES, type KsAlternative } from './ks-two-sample-distribution.js';

/** How the p-value is computed: scipy's `method` argument. */
export const KS_METHODS = ['auto', 'exact', 'asymp'] as const;
/** One of {@link KS_METHODS}. */
export type KsMethod = (typeof KS_METHODS)[number];

/** Options of {@link ksTwoSample} and {@link ksPValue}. */
export interface KsTwoSampleOptions {
  /**
   * 'two-sided' (default): the distributions differ. 'greater': the CDF of `a` exceeds that of `b`
   * somewhere (`a` tends to smaller values); statistic max(F_a - F_b). 'less': the reverse;
   * statistic max(F_b - F_a).
   */
  readonly alternative?: KsAlternative;
  /**
   * 'auto' (default): exact when max(n1, n2) <= 10000, else asymptotic. 'exact': exact unless
   * lcm(n1, n2) does not fit in 32 bits. Either falls back to asymptotic if the exact computation
   * overflows double precision, as scipy does (without its warning).
   */
  readonly method?: KsMethod;
}

/** The result of {@link ksTwoSample}. */
export interface KsTwoSampleResult extends TestResult {
  /** D (or D+ / D- for one-sided alternatives); in exact mode rounded to a multiple of 1/lcm(n1, n2), as scipy does. */
  readonly statistic: number;
  readonly pValue: number;
  /** D itself: the largest gap between the two empirical CDFs, in [0, 1]. */
  readonly effectSize: number;
  readonly alternative: KsAlternative;
  /** The method actually used ('auto' resolved, fallbacks applied). */
  readonly method: 'exact' | 'asymp';
  /** The observation (from `a` or `b`) at which the gap is largest (scipy's statistic_location). */
  readonly statisticLocation: number;
  /** +1 when F_a exceeds F_b at `statisticLocation`, -1 otherwise (scipy's statistic_sign). */
  readonly statisticSign: 1 | -1;
  readonly n1: number;
  readonly n2: number;
}

/** The one-sided gaps between two empirical CDFs and where they occur. */
export interface KsStatistics {
  /** max over x of F_a(x) - F_b(x), at least 0 ('greater'). */
  readonly dPlus: number;
  /** max over x of F_b(x) - F_a(x), at least 0 ('less'). */
  readonly dMinus: number;
  /** max(dPlus, dMinus) (two-sided D). */
  readonly statistic: number;
  /** Where dPlus is attained (scipy's tie rule: the first position in the concatenation a, b). */
  readonly dPlusLocation: number;
  /** Where dMinus is attained. */
  readonly dMinusLocation: number;
}

const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

function checkSorted(name: string, x: Float64Array | Float32Array): void {
  if (x.length === 0) throw new AntidoteError('invalid_input', `${name} is empty; a sample needs at least 1 value`);
  if (Number.isNaN(x[0]!)) throw new AntidoteError('invalid_input', `${name}[0] is NaN; samples must not contain NaN`);
  for (let i = 1; i < x.length; i++) {
    if (!(x[i]! >= x[i - 1]!)) {
      throw new AntidoteError(
        'invalid_input',
        Number.isNaN(x[i]!) ? `${name}[${i}] is NaN; samples must not contain NaN` : `${name} is not sorted: ${name}[${i}] = ${x[i]} < ${name}[${i - 1}] = ${x[i - 1]}`,
      );
    }
  }
}

function gapsOfSorted(a: Float64Array | Float32Array, b: Float64Array | Float32Array): KsStatistics {
  const n1 = a.length;
  const n2 = b.length;
  // scipy evaluates F_a - F_b at every observation of the concatenation (a, b) and takes the
  // first argmax/argmin; the gap depends only on the value, so track the best value seen in a
  // and in b separately and prefer a's on ties.
  let maxA = -Infinity;
  let maxALoc = NaN;
  let maxB = -Infinity;
  let maxBLoc = NaN;
  let minA = Infinity;
  let minALoc = NaN;
  let minB = Infinity;
  let minBLoc = NaN;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const i0 = i;
    const j0 = j;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (i > i0) {
      if (diff > maxA) {
        maxA = diff;
        maxALoc = v;
      }
      if (diff < minA) {
        minA = diff;
        minALoc = v;
      }
    }
    if (j > j0) {
      if (diff > maxB) {
        maxB = diff;
        maxBLoc = v;
      }
      if (diff < minB) {
        minB = diff;
        minBLoc = v;
      }
    }
  }
  const maxS = maxA >= maxB ? maxA : maxB;
  const maxLoc = maxA >= maxB ? maxALoc : maxBLoc;
  const minDiff = minA <= minB ? minA : minB;
  const minLoc = minA <= minB ? minALoc : minBLoc;
  const minS = Math.min(1, Math.max(0, -minDiff));
  return { dPlus: maxS, dMinus: minS, statistic: Math.max(maxS, minS), dPlusLocation: maxLoc, dMinusLocation: minLoc };
}

/**
 * The one-sided and two-sided KS gaps between two samples that are already sorted ascending
 * (checked: throws invalid_input on NaN or a descent). One merge pass, O(n1 + n2).
 *
 * @example
 * ksStatisticSorted(Float64Array.of(1, 2, 3), Float64Array.of(2.5, 3.5)).statistic; // 2/3
 */
export function ksStatisticSorted(sortedA: Float64Array | Float32Array, sortedB: Float64Array | Float32Array): KsStatistics {
  checkSorted('sortedA', sortedA);
  checkSorted('sortedB', sortedB);
  return gapsOfSorted(sortedA, sortedB);
}

interface PValueDetail {
  readonly pValue: number;
  readonly statistic: number;
  readonly method: 'exact' | 'asymp';
}

function pValueDetail(d: number, n1: number, n2: number, alternative: KsAlternative, method: KsMethod): PValueDetail {
  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;
  let mode: KsMethod = method;
  if (mode === 'auto') mode = Math.max(n1, n2) <= MAX_AUTO_N ? 'exact' : 'asymp';
  else if (mode === 'exact' && n1g >= INT32_MAX / n2g) mode = 'asymp';
  if (mode === 'exact') {
    const lcm = n1g * n2;
    const h = roundHalfEven(d * lcm);
    const rounded = (h * 1.0) / lcm;
    const p = ksTwoSampleExactPValue(n1, n2, h, alternative);
    if (p !== null) return { pValue: Math.min(1, Math.max(0, p)), statistic: rounded, method: 'exact' };
    // scipy keeps the rounded statistic when it falls back.
    return { pValue: ksTwoSampleAsymptoticPValue(rounded, n1, n2, alternative), statistic: rounded, method: 'asymp' };
  }
  return { pValue: ksTwoSampleAsymptoticPValue(d, n1, n2, alternative), statistic: d, method: 'asymp' };
}

function resolveOptions(options: KsTwoSampleOptions): { alternative: KsAlternative; method: KsMethod } {
  const alternative = options.alternative ?? 'two-sided';
  const method = options.method ?? 'auto';
  checkChoice('alternative', alternative, KS_ALTERNATIVES);
  checkChoice('method', method, KS_METHODS);
  return { alternative, method };
}

/**
 * The p-value of a two-sample KS statistic computed elsewhere (for example from a baseline's
 * quantile sketch), exactly as {@link ksTwoSample} would compute it for samples of sizes n1, n2.
 *
 * @example
 * ksPValue(0.6, 5, 5); // exact two-sided P(D >= 3/5) = 0.35714285714285715
 */
export function ksPValue(statistic: number, n1: number, n2: number, options: KsTwoSampleOptions = {}): number {
  const { alternative, method } = resolveOptions(options);
  if (!(statistic >= 0 && statistic <= 1)) throw new AntidoteError('invalid_input', `statistic is ${statistic}; a KS statistic lies in [0, 1]`);
  checkInteger('n1', n1, 1);
  checkInteger('n2', n2, 1);
  return pValueDetail(statistic, n1, n2, alternative, method).pValue;
}

function sortedCopy(name: string, x: NumericSample): Float64Array | Float32Array {
  if (x.length === 0) throw new AntidoteError('invalid_input', `${name} is empty; a sample needs at least 1 value`);
  const copy = x instanceof Float32Array ? x.slice() : Float64Array.from(x);
  copy.sort(); // typed-array sort is numeric and puts NaN last
  if (Number.isNaN(copy[copy.length - 1]!)) {
    const at = Array.prototype.findIndex.call(x, (v: number) => Number.isNaN(v));
    throw new AntidoteError('invalid_input', `${name}[${at}] is NaN; samples must not contain NaN (drop missing values first)`);
  }
  return copy;
}

/**
 * Two-sample Kolmogorov–Smirnov test: are `a` and `b` drawn from the same continuous
 * distribution? Statistic and p-value match scipy.stats.ks_2samp(a, b, alternative, method)
 * (scipy 1.10): exact lattice-path p-values up to 10000 per sample, Kolmogorov's finite-n
 * distribution beyond. Ties are allowed; NaN is not. Inputs are copied and sorted natively
 * (Float32Array stays float32), then merged once.
 *
 * @example
 * const { statistic, pValue } = ksTwoSample([0.1, 0.4, 0.7, 0.9], [1.2, 1.5, 0.3, 2.2, 1.9]);
 * // statistic 0.8, pValue 0.07936507936507936 (exact)
 */
export function ksTwoSample(a: NumericSample, b: NumericSample, options: KsTwoSampleOptions = {}): KsTwoSampleResult {
  const { alternative, method } = resolveOptions(options);
  const sa = sortedCopy('a', a);
  const sb = sortedCopy('b', b);
  const gaps = gapsOfSorted(sa, sb);
  const useMinus = alternative === 'less' || (alternative === 'two-sided' && gaps.dMinus > gaps.dPlus);
  const d = useMinus ? gaps.dMinus : gaps.dPlus;
  const detail = pValueDetail(d, sa.length, sb.length, alternative, method);
  return {
    statistic: detail.statistic,
    pValue: detail.pValue,
    effectSize: detail.statistic,
    alternative,
    method: detail.method,
    statisticLocation: useMinus ? gaps.dMinusLocation : gaps.dPlusLocation,
    statisticSign: useMinus ? -1 : 1,
    n1: sa.length,
    n2: sb.length,
  };
}
