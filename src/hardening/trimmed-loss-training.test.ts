import { describe, expect, it } from 'vitest';
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { Mlp } from '../models/mlp.js';
import { lowestLosses, trimmedLossTraining } from './trimmed-loss-training.js';

/** Two Gaussian classes in 2-D, means (±1.5, 0), unit variance. */
function blobs(n: number, seed: number): { x: Matrix<Float32Array>; labels: Labels } {
  const rng = createRng(seed);
  const data = new Float32Array(n * 2);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    codes[i] = c;
    data[i * 2] = (c === 0 ? -1.5 : 1.5) + rng.normal();
    data[i * 2 + 1] = rng.normal();
  }
  return { x: { rows: n, cols: 2, data }, labels: { codes, classes: 2 } };
}

async function accuracy(model: Mlp, x: Matrix, labels: Labels): Promise<number> {
  const p = await model.predict(x);
  let right = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === labels.codes[i]) right++;
  return right / p.length;
}

describe('lowestLosses', () => {
  it('keeps the positions of the smallest losses, ties by position', () => {
    expect(Array.from(lowestLosses(Float64Array.of(0.3, 2, 0.1, 0.5), 2))).toEqual([0, 2]);
    expect(Array.from(lowestLosses(Float64Array.of(1, 1, 1), 2))).toEqual([0, 1]);
  });
});

describe('trimmedLossTraining', () => {
  it('resists targeted label flips better than plain training (40% of class 1 flipped to 0)', async () => {
    const train = blobs(800, 1);
    const test = blobs(1000, 2);
    const rng = createRng(3);
    const poisoned = train.labels.codes.slice();
    for (let i = 0; i < 800; i++) if (poisoned[i] === 1 && rng.next() < 0.4) poisoned[i] = 0;
    const labels = { codes: poisoned, classes: 2 };
    const mlp = { hiddenLayers: [16], maxEpochs: 25, learningRate: 1e-2, batchSize: 64 } as const;
    const plain = await new Mlp({ ...mlp, rng: createRng(4), validationFraction: 0 }).fit(train.x, labels);
    const kept: number[] = [];
    const trimmed = await trimmedLossTraining(train.x, labels, { mlp: { ...mlp, rng: createRng(4) }, trimFraction: 0.25, onEpoch: (_e, k) => kept.push(k) });
    const plainAcc = await accuracy(plain, test.x, test.labels);
    const trimmedAcc = await accuracy(trimmed, test.x, test.labels);
    // The Bayes accuracy here is Φ(1.5) ≈ 0.933.
    expect(trimmedAcc).toBeGreaterThan(plainAcc + 0.03);
    expect(trimmedAcc).toBeGreaterThan(0.9);
    expect(kept[0]).toBe(800);
    expect(kept[1]).toBe(600);
  });

  it('refuses a trim fraction outside [0, 1)', async () => {
    const { x, labels } = blobs(10, 1);
    await expect(trimmedLossTraining(x, labels, { mlp: { rng: createRng(1) }, trimFraction: 1 })).rejects.toThrow(/trimFraction = 1/);
  });
});
