import { describe, expect, it } from 'vitest';
import { type LcgSpec, expectClose, lcgSample, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { psi, psiFromProportions } from './psi.js';

interface PsiCase {
  name: string;
  bins: number;
  dtype: 'float64' | 'float32';
  psi: number;
  edges: number[];
  referenceProportions: number[];
  currentProportions: number[];
  reference?: number[];
  current?: number[];
  lcgReference?: LcgSpec;
  lcgCurrent?: LcgSpec;
}
const fx = loadFixture<{ cases: PsiCase[]; fromProportions: { p: number[]; q: number[]; epsilon: number; psi: number }[] }>('psi.json');

function samplesOf(c: PsiCase): [Float64Array | Float32Array, Float64Array | Float32Array] {
  const ref = c.reference ? Float64Array.from(c.reference) : lcgSample(c.lcgReference!);
  const cur = c.current ? Float64Array.from(c.current) : lcgSample(c.lcgCurrent!);
  return c.dtype === 'float32' ? [Float32Array.from(ref), Float32Array.from(cur)] : [ref, cur];
}

// Edges are numpy's linear quantiles reproduced operation by operation (float32 gaps in float32):
// compared exactly, as are the bin proportions (counts / n) — a value on an edge must land in the
// same bin. The PSI itself is a pairwise sum in numpy's order: 1e-13 relative.
describe('psi against the peer definition (shared/peers/bench_stats.py)', () => {
  it('matches edges, proportions and PSI exactly, float64 and float32, ties included', () => {
    for (const c of fx.cases) {
      const [ref, cur] = samplesOf(c);
      const r = psi(ref, cur, { bins: c.bins });
      expect(Array.from(r.edges), c.name).toEqual(c.edges);
      expect(Array.from(r.referenceProportions), c.name).toEqual(c.referenceProportions);
      expect(Array.from(r.currentProportions), c.name).toEqual(c.currentProportions);
      expectClose(r.statistic, c.psi, 1e-13, 1e-16, c.name);
      expect(r.effectSize).toBe(r.statistic);
      expect(r.pValue).toBeNull();
    }
  });

  it('is 0 for a sample against itself and grows with the shift', () => {
    const c = fx.cases.find((x) => x.name === 'lcg float64 100000/80000')!;
    const [ref] = samplesOf(c);
    expect(psi(ref, ref).statistic).toBe(0);
    const shifted = (d: number) => ref.map((v) => v + d);
    expect(psi(ref, shifted(0.1)).statistic).toBeLessThan(psi(ref, shifted(0.3)).statistic);
  });

  it('psiFromProportions matches numpy', () => {
    for (const c of fx.fromProportions) expectClose(psiFromProportions(c.p, c.q, c.epsilon).statistic, c.psi, 1e-13, 0, JSON.stringify(c.p));
  });

  it('rejects NaN, infinities, empty samples and bad options', () => {
    expect(() => psi([1, 2, NaN], [1, 2])).toThrow(/reference\[2\] is NaN/);
    expect(() => psi([1, 2], [Infinity])).toThrow(/current\[0\] is Infinity; values must be finite/);
    expect(() => psi([], [1])).toThrow(/reference is empty/);
    expect(() => psi([1, 2], [1, 2], { bins: 2.5 })).toThrow(/bins is 2.5/);
    expect(() => psiFromProportions([0.5, 0.5], [1])).toThrow(/p has 2 bins and q has 1/);
  });
});
