import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { type LcgSpec, expectClose, lcgSample, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { type KsAlternative, type KsMethod, ksPValue, ksStatisticSorted, ksTwoSample } from './ks-two-sample.js';

interface KsCase {
  name: string;
  alternative: KsAlternative;
  method: KsMethod;
  methodUsed: 'exact' | 'asymp';
  statistic: number;
  pValue: number;
  location: number;
  sign: 1 | -1;
  a?: number[];
  b?: number[];
  lcgA?: LcgSpec;
  lcgB?: LcgSpec;
}
interface KsPValueCase {
  d: number;
  n1: number;
  n2: number;
  alternative: KsAlternative;
  method: KsMethod;
  pValue: number;
  methodUsed: 'exact' | 'asymp';
}
const fx = loadFixture<{ cases: KsCase[]; pValues: KsPValueCase[] }>('ks.json');

const samples = new Map<string, [Float64Array, Float64Array]>();
function samplesOf(c: KsCase): [Float64Array, Float64Array] {
  let s = samples.get(c.name);
  if (!s) {
    s = c.a ? [Float64Array.from(c.a), Float64Array.from(c.b!)] : [lcgSample(c.lcgA!), lcgSample(c.lcgB!)];
    samples.set(c.name, s);
  }
  return s;
}

// Tolerances. The statistic is a difference of two ratios of counts, computed in the same order
// as scipy: bit-identical, so compared with toBe. p-values: 1e-10 relative (observed: exact
// two-sided and one-sided with n1 = n2 bit-identical, asymptotic within 1e-13). The one-sided
// exact p-value for n1 != n2 subtracts products of binomial coefficients (Hodges' recursion), so
// last-bit differences between our C(n, k) and scipy.special.binom above 170! are amplified
// (observed 1.5e-12): 1e-9 there.
const P_REL = 1e-10;
const P_REL_ONE_SIDED_UNEQUAL = 1e-9;

describe('ksTwoSample against scipy.stats.ks_2samp', () => {
  it('matches statistic, p-value, method, location and sign on every fixture case', () => {
    expect(fx.cases.length).toBeGreaterThan(80);
    for (const c of fx.cases) {
      const [a, b] = samplesOf(c);
      const label = `${c.name} ${c.alternative} ${c.method}`;
      const r = ksTwoSample(a, b, { alternative: c.alternative, method: c.method });
      expect(r.statistic, label).toBe(c.statistic);
      expect(r.effectSize, label).toBe(c.statistic);
      const oneSidedUnequal = c.alternative !== 'two-sided' && a.length !== b.length && c.methodUsed === 'exact';
      expectClose(r.pValue, c.pValue, oneSidedUnequal ? P_REL_ONE_SIDED_UNEQUAL : P_REL, 1e-300, label);
      expect(r.method, label).toBe(c.methodUsed);
      expect(r.statisticLocation, label).toBe(c.location);
      expect(r.statisticSign, label).toBe(c.sign);
    }
  });

  it('gives the same answer for float32 input as for the same values in float64', () => {
    const c = fx.cases.find((x) => x.name === 'lcg asymp 12000x15000')!;
    const [a, b] = samplesOf(c);
    const r64 = ksTwoSample(a, b);
    const r32 = ksTwoSample(Float32Array.from(a), Float32Array.from(b));
    expect(r32.statistic).toBe(r64.statistic);
    expect(r32.pValue).toBe(r64.pValue);
  });
});

describe('ksPValue', () => {
  it('matches the tail of scipy ks_2samp for a grid of statistics, sizes, alternatives and methods', () => {
    for (const c of fx.pValues) {
      const label = `d=${c.d} n=${c.n1}x${c.n2} ${c.alternative} ${c.method}`;
      const oneSidedUnequal = c.alternative !== 'two-sided' && c.n1 !== c.n2 && c.methodUsed === 'exact';
      expectClose(ksPValue(c.d, c.n1, c.n2, { alternative: c.alternative, method: c.method }), c.pValue, oneSidedUnequal ? P_REL_ONE_SIDED_UNEQUAL : P_REL, 1e-300, label);
    }
  });

  it('is the p-value ksTwoSample reports for the same statistic', () => {
    const a = [0.1, 0.4, 0.7, 0.9, 1.3, 2.2];
    const b = [1.2, 1.5, 0.3, 2.2, 1.9, 2.5, 3.1];
    for (const alternative of ['two-sided', 'less', 'greater'] as const) {
      const r = ksTwoSample(a, b, { alternative });
      expect(ksPValue(r.statistic, a.length, b.length, { alternative })).toBe(r.pValue);
    }
  });

  it('reproduces a hand-countable exact value: P(D_{5,5} >= 3/5) = 90/252', () => {
    // Paths staying strictly inside |x - y| < 3 on the 5 x 5 lattice: 162 of C(10, 5) = 252.
    expectClose(ksPValue(0.6, 5, 5), 90 / 252, 1e-15, 0, 'exact 5x5');
  });

  it('rejects a statistic outside [0, 1] and non-integer sizes', () => {
    expect(() => ksPValue(1.2, 5, 5)).toThrow(/statistic is 1.2/);
    expect(() => ksPValue(0.2, 5.5, 5)).toThrow(/n1 is 5.5/);
  });
});

describe('ksStatisticSorted', () => {
  it('gives D+, D- and their locations on presorted arrays', () => {
    const s = ksStatisticSorted(Float64Array.of(1, 2, 3), Float64Array.of(2.5, 3.5));
    expect(s.dPlus).toBeCloseTo(2 / 3, 15);
    expect(s.dPlusLocation).toBe(2);
    expect(s.dMinus).toBe(0);
    expect(s.statistic).toBeCloseTo(2 / 3, 15);
  });

  it('agrees with ksTwoSample on the fixture samples', () => {
    const c = fx.cases.find((x) => x.name === 'ties 40x55' && x.alternative === 'two-sided')!;
    const [a, b] = samplesOf(c);
    const s = ksStatisticSorted(a.slice().sort(), b.slice().sort());
    expect(s.statistic).toBe(c.statistic);
  });

  it('refuses unsorted input and NaN', () => {
    expect(() => ksStatisticSorted(Float64Array.of(1, 3, 2), Float64Array.of(1))).toThrow(/not sorted: sortedA\[2\] = 2 < sortedA\[1\] = 3/);
    expect(() => ksStatisticSorted(Float64Array.of(1, NaN), Float64Array.of(1))).toThrow(/sortedA\[1\] is NaN/);
  });
});

describe('ksTwoSample input validation', () => {
  it('throws invalid_input for an empty sample, NaN, or an unknown option', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isAntidoteError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => ksTwoSample([], [1, 2]))).toBe('invalid_input');
    expect(() => ksTwoSample([1, 2], [])).toThrow(/b is empty/);
    expect(() => ksTwoSample([1, NaN, 3], [1, 2])).toThrow(/a\[1\] is NaN/);
    expect(() => ksTwoSample([1, 2], [1, 2], { alternative: 'bigger' as KsAlternative })).toThrow(/unknown alternative "bigger"; available: two-sided, less, greater/);
    expect(() => ksTwoSample([1, 2], [1, 2], { method: 'fast' as KsMethod })).toThrow(/unknown method "fast"/);
  });
});
