/**
 * Pearson's chi-square tests (Pearson 1900, "On the criterion that a given system of deviations
 * ... can be reasonably supposed to have arisen from random sampling", Phil. Mag. 50): goodness
 * of fit as scipy.stats.chisquare and independence in a contingency table as
 * scipy.stats.chi2_contingency (Yates' continuity correction, Yates 1934, for one degree of
 * freedom), with Cramér's V (Cramér 1946) as effect size and optional pooling of categories whose
 * expected counts are too small for the chi-square approximation (Cochran 1954).
 */
import { AntidoteError } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { chiSquareSf } from './chi-square-distribution.js';
import { type NumericSample, checkInteger, checkSample } from './sample-validation.js';
import { pairwiseSum } from './summation.js';
import type { TestResult } from './test-result.js';

/**
 * Small-expected-count handling shared by both tests. Every category (goodness of fit) or column
 * (contingency table) with an expected count below `minExpected` in any cell is pooled into one
 * category, appended last. If the pool itself still expects fewer than `minExpected` (in some
 * cell), it is folded into the remaining category with the smallest expected count (the first on
 * ties) instead. `mergedCategories` reports how many original categories went into the pool; when
 * fewer than two categories remain there is nothing to test and `pValue` is null. Default 5, the
 * usual rule of thumb; 0 turns pooling off (exactly scipy's behaviour).
 */
export interface PoolingOption {
  readonly minExpected?: number;
}

/** Options of {@link chiSquareTest}. */
export interface ChiSquareTestOptions extends PoolingOption {
  /** Degrees of freedom lost to parameters estimated from the data (scipy's ddof; default 0). */
  readonly ddof?: number;
}

/** The result of {@link chiSquareTest}. */
export interface ChiSquareTestResult extends TestResult {
  /** Pearson's sum (O - E)^2 / E over the tested categories. */
  readonly statistic: number;
  /** chi2.sf(statistic, dof), or null when fewer than 2 categories remain or dof < 1. */
  readonly pValue: number | null;
  /** Cramér's V for goodness of fit, sqrt(statistic / (N (k - 1))) (Cohen's w / sqrt(k - 1)); 0 when k < 2. */
  readonly effectSize: number;
  /** k - 1 - ddof. */
  readonly dof: number;
  /** k: the number of categories tested, after pooling. */
  readonly categories: number;
  /** How many original categories were pooled for having expected counts below minExpected. */
  readonly mergedCategories: number;
}

/** Options of {@link chiSquareContingency}. */
export interface ChiSquareContingencyOptions extends PoolingOption {
  /** Apply Yates' continuity correction when dof = 1 (default true, as scipy). */
  readonly correction?: boolean;
}

/** The result of {@link chiSquareContingency}. */
export interface ChiSquareContingencyResult extends TestResult {
  /** The chi-square statistic (Yates-corrected when dof = 1 and correction is on). */
  readonly statistic: number;
  /** chi2.sf(statistic, dof), or null when fewer than 2 rows or 2 columns remain. */
  readonly pValue: number | null;
  /** Cramér's V from the uncorrected statistic, sqrt(chi2 / N / min(r - 1, c - 1)) (scipy.stats.contingency.association). */
  readonly effectSize: number;
  /** (r - 1)(c - 1) of the tested table. */
  readonly dof: number;
  /** Expected counts under independence of the tested (pooled) table, R_i C_j / N. */
  readonly expected: Matrix<Float64Array>;
  /** Rows (groups) and columns (categories) of the tested table. */
  readonly rows: number;
  readonly columns: number;
  /** How many original columns were pooled for having expected counts below minExpected. */
  readonly mergedCategories: number;
}

/** A contingency table: rows of counts (groups x categories), or a Matrix. */
export type ContingencyTable = readonly NumericSample[] | Matrix;

const SUM_RTOL = 1e-8;

function checkMinExpected(minExpected: number): void {
  if (!(minExpected >= 0) || !Number.isFinite(minExpected)) {
    throw new AntidoteError('invalid_input', `minExpected is ${minExpected}; it must be a finite number >= 0 (0 turns pooling off)`);
  }
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected counts (or equal
 * expected counts when `expected` is omitted), as scipy.stats.chisquare(observed, expected, ddof)
 * after the small-count pooling described in {@link PoolingOption} (minExpected = 0 reproduces
 * scipy exactly). The sums of observed and expected must agree to 1e-8 relative, as scipy requires.
 *
 * @example
 * const r = chiSquareTest([16, 18, 16, 14, 12, 12]);
 * // statistic 2, dof 5, pValue 0.84914503608461
 */
export function chiSquareTest(observed: NumericSample, expected?: NumericSample, options: ChiSquareTestOptions = {}): ChiSquareTestResult {
  const ddof = options.ddof ?? 0;
  const minExpected = options.minExpected ?? 5;
  checkInteger('ddof', ddof, 0);
  checkMinExpected(minExpected);
  checkSample('observed', observed, { nonNegative: true });
  const k0 = observed.length;
  const obs = Float64Array.from(observed);
  let exp: Float64Array;
  if (expected === undefined) {
    exp = new Float64Array(k0).fill(pairwiseSum(obs) / k0);
  } else {
    checkSample('expected', expected, { nonNegative: true });
    if (expected.length !== k0) throw new AntidoteError('invalid_input', `expected has ${expected.length} categories and observed has ${k0}; they must match`);
    exp = Float64Array.from(expected);
    const so = pairwiseSum(obs);
    const se = pairwiseSum(exp);
    const rel = Math.abs(so - se) / Math.min(so, se);
    if (rel > SUM_RTOL) {
      throw new AntidoteError('invalid_input', `observed sums to ${so} and expected to ${se}; they must agree to a relative tolerance of ${SUM_RTOL} (rescale expected)`);
    }
  }

  // Pool the small categories.
  const small: number[] = [];
  const keep: number[] = [];
  for (let i = 0; i < k0; i++) (exp[i]! < minExpected ? small : keep).push(i);
  let o = keep.map((i) => obs[i]!);
  let e = keep.map((i) => exp[i]!);
  if (small.length > 0) {
    let po = 0;
    let pe = 0;
    for (const i of small) {
      po += obs[i]!;
      pe += exp[i]!;
    }
    if (pe < minExpected && keep.length > 0) {
      let t = 0;
      for (let i = 1; i < e.length; i++) if (e[i]! < e[t]!) t = i;
      o[t] = o[t]! + po;
      e[t] = e[t]! + pe;
    } else {
      o = [...o, po];
      e = [...e, pe];
    }
  }
  const k = o.length;
  if (k < 2) return { statistic: 0, pValue: null, effectSize: 0, dof: 0, categories: k, mergedCategories: small.length };
  for (let i = 0; i < k; i++) {
    if (!(e[i]! > 0)) {
      throw new AntidoteError('invalid_input', `expected count ${e[i]} in a tested category; expected counts must be > 0 (or pool them with minExpected > 0)`);
    }
  }
  const terms = o.map((oi, i) => (oi - e[i]!) ** 2 / e[i]!);
  const statistic = pairwiseSum(terms);
  const dof = k - 1 - ddof;
  const n = pairwiseSum(o);
  return {
    statistic,
    pValue: dof >= 1 ? chiSquareSf(statistic, dof) : null,
    effectSize: Math.sqrt(statistic / (n * (k - 1))),
    dof,
    categories: k,
    mergedCategories: small.length,
  };
}

function tableRows(table: ContingencyTable): number[][] {
  if ('data' in table && 'rows' in table && 'cols' in table && !Array.isArray(table)) {
    const m = table as Matrix;
    return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  }
  const rows = table as readonly NumericSample[];
  return rows.map((r) => Array.from(r));
}

function expectedOf(t: readonly number[][]): { expected: number[][]; rowSums: number[]; colSums: number[]; total: number } {
  const r = t.length;
  const c = t[0]!.length;
  const rowSums = t.map((row) => pairwiseSum(row));
  const colSums = Array.from({ length: c }, (_, j) => pairwiseSum(t.map((row) => row[j]!)));
  const total = pairwiseSum(t.flat());
  const expected = Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => (rowSums[i]! * colSums[j]!) / total));
  return { expected, rowSums, colSums, total };
}

/**
 * Pearson's chi-square test of independence for a groups x categories table of counts, as
 * scipy.stats.chi2_contingency(table, correction) after the small-count pooling of columns
 * described in {@link PoolingOption} (minExpected = 0 reproduces scipy). Every row needs a positive
 * total. Unlike scipy, a table with a single row or column after pooling yields pValue null rather
 * than 1.
 *
 * @example
 * const reference = [512, 488, 3, 2, 1];
 * const current = [490, 505, 0, 4, 6];
 * const r = chiSquareContingency([reference, current]);
 * // the last three columns are pooled (mergedCategories 3): statistic 1.7736, dof 2, pValue 0.412
 */
export function chiSquareContingency(table: ContingencyTable, options: ChiSquareContingencyOptions = {}): ChiSquareContingencyResult {
  const correction = options.correction ?? true;
  const minExpected = options.minExpected ?? 5;
  checkMinExpected(minExpected);
  const rows = tableRows(table);
  if (rows.length === 0) throw new AntidoteError('invalid_input', 'the table has no rows');
  const c0 = rows[0]!.length;
  if (c0 === 0) throw new AntidoteError('invalid_input', 'the table has no columns');
  rows.forEach((row, i) => {
    if (row.length !== c0) throw new AntidoteError('invalid_input', `row ${i} has ${row.length} columns and row 0 has ${c0}; the table must be rectangular`);
    checkSample(`table[${i}]`, row, { nonNegative: true });
  });
  const first = expectedOf(rows);
  first.rowSums.forEach((s, i) => {
    if (!(s > 0)) throw new AntidoteError('invalid_input', `row ${i} has no observations; every row (group) needs a positive total`);
  });

  // Pool the columns with a small expected cell.
  const small: number[] = [];
  const keep: number[] = [];
  for (let j = 0; j < c0; j++) {
    const minCell = Math.min(...first.expected.map((row) => row[j]!));
    (minCell < minExpected ? small : keep).push(j);
  }
  let t = rows.map((row) => keep.map((j) => row[j]!));
  if (small.length > 0) {
    const pool = rows.map((row) => small.reduce((s, j) => s + row[j]!, 0));
    const poolExpectedMin = Math.min(...first.expected.map((row) => small.reduce((s, j) => s + row[j]!, 0)));
    if (poolExpectedMin < minExpected && keep.length > 0) {
      const totals = keep.map((_, jj) => t.reduce((s, row) => s + row[jj]!, 0));
      let target = 0;
      for (let jj = 1; jj < totals.length; jj++) if (totals[jj]! < totals[target]!) target = jj;
      t = t.map((row, i) => row.map((v, jj) => (jj === target ? v + pool[i]! : v)));
    } else {
      t = t.map((row, i) => [...row, pool[i]!]);
    }
  }
  const r = t.length;
  const c = t[0]!.length;
  const { expected, colSums, total } = expectedOf(t);
  const expectedMatrix: Matrix<Float64Array> = { rows: r, cols: c, data: Float64Array.from(expected.flat()) };
  const base = { expected: expectedMatrix, rows: r, columns: c, mergedCategories: small.length };
  if (r < 2 || c < 2) return { statistic: 0, pValue: null, effectSize: 0, dof: 0, ...base };
  colSums.forEach((s, j) => {
    if (!(s > 0)) {
      throw new AntidoteError('invalid_input', `column ${j} has no observations in any row, so its expected counts are 0; drop it or pool it with minExpected > 0`);
    }
  });

  const dof = (r - 1) * (c - 1);
  const plain: number[] = [];
  const corrected: number[] = [];
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const o = t[i]![j]!;
      const e = expected[i]![j]!;
      plain.push((o - e) ** 2 / e);
      if (dof === 1 && correction) {
        // Move each count by at most 0.5 towards its expected value (scipy gh-13875).
        const diff = e - o;
        const adjusted = o + Math.min(0.5, Math.abs(diff)) * Math.sign(diff);
        corrected.push((adjusted - e) ** 2 / e);
      }
    }
  }
  const chi2Plain = pairwiseSum(plain);
  const statistic = dof === 1 && correction ? pairwiseSum(corrected) : chi2Plain;
  return {
    statistic,
    pValue: chiSquareSf(statistic, dof),
    effectSize: Math.sqrt(chi2Plain / total / Math.min(r - 1, c - 1)),
    dof,
    ...base,
  };
}
