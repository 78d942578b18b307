import { describe, expect, it } from 'vitest';
import { asMatrix, type Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { expectClose, loadFixture } from '../../test/fixtures/stats/fixtures.js';
import { medianBandwidth, mmdTest } from './mmd-test.js';

interface MmdCase {
  name: string;
  x: number[][];
  y: number[][];
  medianBandwidth: number;
  statisticMedian: number;
  statisticFixed: number;
}
const fx = loadFixture<{ cases: MmdCase[] }>('mmd.json');
const toMatrix = (rows: number[][]): Matrix<Float64Array> => asMatrix(Float64Array.from(rows.flat()), rows.length, rows[0]!.length);

function normalMatrix(rows: number, cols: number, seed: number, shift = 0): Matrix<Float64Array> {
  const rng = createRng(seed);
  return asMatrix(Float64Array.from({ length: rows * cols }, () => rng.normal() + shift), rows, cols);
}

describe('mmdTest', () => {
  // The statistic is a difference of kernel-matrix block means; ours sums one block and derives the
  // others from row sums, so it agrees with numpy's direct sums to ~1e-13: 1e-10 relative.
  it('pins MMD^2_u and the median bandwidth to the numpy computation', () => {
    for (const c of fx.cases) {
      const X = toMatrix(c.x);
      const Y = toMatrix(c.y);
      expectClose(medianBandwidth(X, Y), c.medianBandwidth, 1e-14, 0, `${c.name} bandwidth`);
      const r = mmdTest(X, Y, { rng: createRng(1), permutations: 20 });
      expectClose(r.bandwidth, c.medianBandwidth, 1e-14, 0, `${c.name} bandwidth used`);
      expectClose(r.statistic, c.statisticMedian, 1e-10, 1e-15, `${c.name} MMD^2 (median)`);
      expectClose(r.effectSize, Math.sqrt(Math.max(0, c.statisticMedian)), 1e-10, 1e-15, `${c.name} effect size`);
      const fixed = mmdTest(X, Y, { rng: createRng(1), permutations: 20, bandwidth: 1.3 });
      expectClose(fixed.statistic, c.statisticFixed, 1e-10, 1e-15, `${c.name} MMD^2 (sigma 1.3)`);
      // Swapping the samples leaves the statistic unchanged (the other block is summed then).
      expectClose(mmdTest(Y, X, { rng: createRng(1), permutations: 20 }).statistic, c.statisticMedian, 1e-10, 1e-15, `${c.name} swapped`);
    }
  });

  it('is deterministic for a seed, and the p-value lies on the (k + 1) / (B + 1) grid', () => {
    const X = normalMatrix(25, 3, 1);
    const Y = normalMatrix(30, 3, 2);
    const a = mmdTest(X, Y, { rng: createRng(42), permutations: 99 });
    const b = mmdTest(X, Y, { rng: createRng(42), permutations: 99 });
    expect(b).toEqual(a);
    expect(Math.abs(a.pValue * 100 - Math.round(a.pValue * 100))).toBeLessThan(1e-9);
    expect(a.pValue).toBeGreaterThanOrEqual(1 / 100);
  });

  it('detects a mean shift of one standard deviation with p < 0.01', () => {
    const X = normalMatrix(40, 4, 3);
    const Y = normalMatrix(40, 4, 4, 1);
    const r = mmdTest(X, Y, { rng: createRng(5), permutations: 300 });
    expect(r.pValue).toBeLessThan(0.01);
    expect(r.effectSize).toBeGreaterThan(0.2);
  });

  it('rejects at about the nominal 5% rate when both samples come from one distribution', () => {
    // 200 independent same-distribution pairs; under H0 the permutation p-value is (super-)uniform,
    // so rejections ~ Binomial(200, 0.05): mean 10, sd 3.1. A p-value off by a constant or
    // computed without the +1 would break the mean of p or the rejection count.
    let rejections = 0;
    let sumP = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const X = normalMatrix(15, 2, 1000 + 2 * t);
      const Y = normalMatrix(15, 2, 1001 + 2 * t);
      const r = mmdTest(X, Y, { rng: createRng(t), permutations: 99 });
      if (r.pValue <= 0.05) rejections++;
      sumP += r.pValue;
    }
    expect(rejections).toBeGreaterThanOrEqual(2);
    expect(rejections).toBeLessThanOrEqual(20);
    expect(sumP / trials).toBeGreaterThan(0.42);
    expect(sumP / trials).toBeLessThan(0.58);
  });

  it('rejects mismatched widths, tiny samples, NaN and a bad bandwidth', () => {
    const X = normalMatrix(5, 2, 1);
    expect(() => mmdTest(X, normalMatrix(5, 3, 2), { rng: createRng(1) })).toThrow(/X has 2 columns and Y has 3/);
    expect(() => mmdTest(X, normalMatrix(1, 2, 2), { rng: createRng(1) })).toThrow(/Y has 1 rows; the unbiased MMD needs at least 2/);
    const bad = asMatrix(Float64Array.of(1, NaN, 2, 3), 2, 2);
    expect(() => mmdTest(X, bad, { rng: createRng(1) })).toThrow(/Y\[0\]\[1\] is NaN/);
    expect(() => mmdTest(X, X, { rng: createRng(1), bandwidth: -1 })).toThrow(/bandwidth is -1/);
    expect(() => mmdTest(X, X, { rng: createRng(1), permutations: 0 })).toThrow(/permutations is 0/);
  });
});
