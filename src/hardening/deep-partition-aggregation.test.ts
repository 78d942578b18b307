import { describe, expect, it } from 'vitest';
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { DeepPartitionAggregation, dpaPartitions, type BaseTrainer } from './deep-partition-aggregation.js';

/** Nearest class mean: a small real learner for the base models. */
const nearestMean: BaseTrainer = async (x, labels) => {
  const K = labels.classes;
  const d = x.cols;
  const sums = new Float64Array(K * d);
  const n = new Float64Array(K);
  for (let i = 0; i < x.rows; i++) {
    const c = labels.codes[i]!;
    n[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += x.data[i * d + j]!;
  }
  return async (q: Matrix) =>
    Int32Array.from({ length: q.rows }, (_, i) => {
      let best = -1;
      let bestDist = Infinity;
      for (let c = 0; c < K; c++) {
        if (n[c] === 0) continue;
        let dist = 0;
        for (let j = 0; j < d; j++) dist += (q.data[i * d + j]! - sums[c * d + j]! / n[c]!) ** 2;
        if (dist < bestDist) [best, bestDist] = [c, dist];
      }
      return best;
    });
};

function blobs(n: number, seed: number): { x: Matrix<Float64Array>; labels: Labels } {
  const rng = createRng(seed);
  const data = new Float64Array(n * 2);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    codes[i] = c;
    data[i * 2] = (c === 0 ? -1.5 : 1.5) + rng.normal();
    data[i * 2 + 1] = rng.normal();
  }
  return { x: { rows: n, cols: 2, data }, labels: { codes, classes: 2 } };
}

describe('dpaPartitions', () => {
  it('puts a sample in the same partition wherever it sits and whatever else is in the set', () => {
    const { x } = blobs(200, 1);
    const p = dpaPartitions(x, 7);
    const reversed = { rows: 200, cols: 2, data: new Float64Array(400) };
    for (let i = 0; i < 200; i++) reversed.data.set(x.data.subarray(i * 2, i * 2 + 2), (199 - i) * 2);
    const q = dpaPartitions(reversed, 7);
    for (let i = 0; i < 200; i++) expect(q[199 - i]).toBe(p[i]);
    const sizes = new Array<number>(7).fill(0);
    for (const v of p) sizes[v]!++;
    expect(Math.min(...sizes)).toBeGreaterThan(10); // a hash spreads rows over every partition
    expect(dpaPartitions(x, 7, 1)).not.toEqual(p);
  });
});

describe('DeepPartitionAggregation', () => {
  it('classifies by plurality and keeps every certified prediction when that many poisons are added', async () => {
    const train = blobs(400, 2);
    const test = blobs(60, 3);
    const dpa = await new DeepPartitionAggregation({ partitions: 15, train: nearestMean }).fit(train.x, train.labels);
    expect(dpa.partitionSizes().reduce((a, b) => a + b, 0)).toBe(400);
    const clean = await dpa.vote(test.x);
    let right = 0;
    for (let i = 0; i < 60; i++) if (clean.prediction[i] === test.labels.codes[i]) right++;
    expect(right / 60).toBeGreaterThan(0.85);
    // The attacker inserts, for the first test point, `certified` far-off rows labelled with the other
    // class (each lands in some partition and may flip that base model): the prediction must stand.
    for (const i of [0, 1, 2, 3]) {
      const r = clean.certified[i]!;
      expect(r).toBeGreaterThan(0);
      const wrong = 1 - clean.prediction[i]!;
      const rng = createRng(10 + i);
      const data = new Float64Array((400 + r) * 2);
      data.set(train.x.data);
      const codes = new Int32Array(400 + r);
      codes.set(train.labels.codes);
      for (let k = 0; k < r; k++) {
        // Poisons placed exactly on the test point, so any partition that gets one leans to `wrong`.
        data[(400 + k) * 2] = test.x.data[i * 2]! + 1e-3 * rng.normal();
        data[(400 + k) * 2 + 1] = test.x.data[i * 2 + 1]! + 1e-3 * rng.normal();
        codes[400 + k] = wrong;
      }
      const poisoned = await new DeepPartitionAggregation({ partitions: 15, train: nearestMean }).fit({ rows: 400 + r, cols: 2, data }, { codes, classes: 2 });
      const one = { rows: 1, cols: 2, data: test.x.data.subarray(i * 2, i * 2 + 2) };
      expect((await poisoned.predict(one))[0]).toBe(clean.prediction[i]);
    }
  });

  it('lets a base model of an empty partition abstain, and refuses bad settings', async () => {
    const x = { rows: 2, cols: 1, data: Float64Array.of(0, 1) };
    const dpa = await new DeepPartitionAggregation({ partitions: 64, train: nearestMean }).fit(x, { codes: Int32Array.of(0, 1), classes: 2 });
    const v = await dpa.vote(x);
    expect(v.counts.reduce((a, b) => a + b, 0)).toBe(4); // 2 rows x 2 base models that voted
    expect(() => new DeepPartitionAggregation({ partitions: 1, train: nearestMean })).toThrow(/partitions = 1/);
    await expect(new DeepPartitionAggregation({ partitions: 2, train: nearestMean }).vote(x)).rejects.toThrow(/before fit/);
  });
});
