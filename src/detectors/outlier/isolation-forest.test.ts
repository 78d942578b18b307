import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { auroc } from '../../../test/contracts/planted-data.js';
import { outliersFixture } from '../../../test/fixtures/outliers/outliers-fixture.js';
import { IsolationForest, averagePathLength, type IsolationForestModel } from './isolation-forest.js';

const { iforest } = outliersFixture();

/** Path length of one row in one tree by plain recursion: the oracle for the flat scoring loop. */
function pathLength(m: IsolationForestModel, node: number, row: Float32Array): number {
  if (m.feature[node]! < 0) return m.pathLength[node]!;
  return pathLength(m, row[m.feature[node]!]! <= m.threshold[node]! ? m.left[node]! : m.left[node]! + 1, row);
}

describe('IsolationForest against scikit-learn IsolationForest(n_estimators=100)', () => {
  it('uses scikit-learn’s average path length c(n)', () => {
    iforest.average_path_length.n.forEach((n, i) => expect(averagePathLength(n)).toBeCloseTo(iforest.average_path_length.c[i]!, 12));
  });

  // Different random streams cannot give the same trees; compare the distribution over seeds.
  it('ranks planted outliers as well as scikit-learn does and scores on the same scale (over seeds)', async () => {
    const y = Uint8Array.from(iforest.outlier);
    const results: { auroc: number; inlier: number; outlier: number }[] = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = await new IsolationForest({ rng: createRng(seed) }).fit(iforest.x);
      const s = await d.scoreSamples(iforest.x);
      let inl = 0;
      let out = 0;
      s.forEach((v, i) => (y[i] ? (out += v) : (inl += v)));
      const m = y.reduce((a, b) => a + b, 0);
      results.push({ auroc: auroc(Array.from(s, (v) => -v), y), inlier: inl / (s.length - m), outlier: out / m });
    }
    const mean = (k: 'auroc' | 'inlier' | 'outlier') => results.reduce((a, r) => a + r[k], 0) / results.length;
    // Means of 5 seeds against scikit-learn's mean of 20: within 3 standard deviations (plus a hair).
    expect(mean('auroc')).toBeGreaterThan(iforest.auroc_mean - 3 * iforest.auroc_std - 0.002);
    expect(Math.abs(mean('inlier') - iforest.inlier_score_mean)).toBeLessThan(3 * iforest.inlier_score_std + 0.002);
    expect(Math.abs(mean('outlier') - iforest.outlier_score_mean)).toBeLessThan(3 * iforest.outlier_score_std + 0.002);
  });

  it('grows trees of 256 rows within depth ⌈log₂ 256⌉ and scores rows as the plain recursion does', async () => {
    const d = await new IsolationForest({ rng: createRng(9), nEstimators: 10 }).fit(iforest.x);
    const m = d.model!;
    expect(m.maxSamples).toBe(256);
    expect(m.nodesPerTree).toBe(511);
    const s = await d.scoreSamples(iforest.x);
    const cols = iforest.x.cols;
    for (const r of [0, 17, 500, 999]) {
      const row = iforest.x.data.subarray(r * cols, (r + 1) * cols);
      let total = 0;
      for (let t = 0; t < m.trees; t++) total += pathLength(m, t * m.nodesPerTree, row);
      expect(s[r]).toBeCloseTo(-(2 ** (-total / m.trees / averagePathLength(256))), 12);
    }
    // Every leaf sits at depth ≤ 8, and its path length is its depth plus c(rows left) ≥ depth.
    const walk = (node: number, depth: number): number => {
      if (m.feature[node]! >= 0) return walk(m.left[node]!, depth + 1) + walk(m.left[node]! + 1, depth + 1);
      expect(depth).toBeLessThanOrEqual(8);
      expect(m.pathLength[node]!).toBeGreaterThanOrEqual(depth);
      return 1;
    };
    for (let t = 0; t < m.trees; t++) expect(walk(t * m.nodesPerTree, 0)).toBeGreaterThan(8);
  });

  it('caps the sample at the row count, and isolates a lone far row at once', async () => {
    const x = { rows: 6, cols: 1, data: Float32Array.from([0, 0.1, 0.2, 0.3, 0.4, 100]) };
    const d = await new IsolationForest({ rng: createRng(1), contamination: 0.2 }).fit(x);
    expect(d.model!.maxSamples).toBe(6);
    const s = await d.scoreSamples(x);
    expect(s.indexOf(Math.min(...s))).toBe(5);
    expect(Array.from(await d.predict(x))).toEqual([1, 1, 1, 1, 1, -1]);
  });

  it('gives every row the same score when all values are equal (no split possible)', async () => {
    const x = { rows: 50, cols: 3, data: new Float32Array(150).fill(2) };
    const s = await (await new IsolationForest({ rng: createRng(1) }).fit(x)).scoreSamples(x);
    expect(new Set(s).size).toBe(1);
    expect(s[0]).toBeCloseTo(-(2 ** (-1)), 12); // depth 0 + c(50) over c(50)
  });

  it('rejects bad parameters', () => {
    expect(() => new IsolationForest({ rng: createRng(1), nEstimators: 0 })).toThrow(/nEstimators/);
    expect(() => new IsolationForest({ rng: createRng(1), maxSamples: 1 })).toThrow(/maxSamples/);
  });
});
