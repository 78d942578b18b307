import { beforeAll, describe, expect, it } from 'vitest';
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { Mlp } from '../models/mlp.js';
import { adversarialTraining } from './adversarial-training.js';
import { fgsmExamples } from './fgsm-examples.js';
import { pgdExamples } from './pgd-examples.js';

/** Two classes in [0, 1]^6: class 1 has brighter first three features. */
function problem(n: number, seed: number): { x: Matrix<Float32Array>; labels: Labels } {
  const rng = createRng(seed);
  const d = 6;
  const data = new Float32Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    codes[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = Math.min(1, Math.max(0, 0.5 + 0.15 * rng.normal() + (j < 3 ? (c === 1 ? 0.15 : -0.15) : 0)));
  }
  return { x: { rows: n, cols: d, data }, labels: { codes, classes: 2 } };
}

const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;

async function accuracy(model: Mlp, x: Matrix, labels: Labels): Promise<number> {
  const p = await model.predict(x);
  let right = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === labels.codes[i]) right++;
  return right / p.length;
}

describe('FGSM and PGD examples', () => {
  const train = problem(600, 1);
  const test = problem(200, 2);
  let model: Mlp;
  beforeAll(async () => {
    model = await new Mlp({ rng: createRng(3), hiddenLayers: [16], maxEpochs: 30, validationFraction: 0, learningRate: 1e-2 }).fit(train.x, train.labels);
  });

  it('FGSM raises every row’s loss to first order, moves each feature by exactly ε within the box', async () => {
    const eps = 0.05;
    const adv = await fgsmExamples(model, test.x, test.labels, { epsilon: eps, clip: [0, 1] });
    const before = await model.sampleLosses(test.x, test.labels);
    const after = await model.sampleLosses(adv, test.labels);
    expect(mean(after)).toBeGreaterThan(mean(before) + 0.05);
    let raised = 0;
    for (let i = 0; i < before.length; i++) if (after[i]! > before[i]!) raised++;
    expect(raised / before.length).toBeGreaterThan(0.95);
    for (let q = 0; q < adv.data.length; q++) {
      const moved = Math.abs(adv.data[q]! - test.x.data[q]!);
      expect(adv.data[q]).toBeGreaterThanOrEqual(0);
      expect(adv.data[q]).toBeLessThanOrEqual(1);
      expect(moved).toBeLessThanOrEqual(eps + 1e-6);
    }
    expect(await accuracy(model, adv, test.labels)).toBeLessThan(await accuracy(model, test.x, test.labels));
  });

  it('PGD stays in the ε-ball and raises the loss at least as much as FGSM', async () => {
    const eps = 0.05;
    const fgsm = await fgsmExamples(model, test.x, test.labels, { epsilon: eps, clip: [0, 1] });
    const pgd = await pgdExamples(model, test.x, test.labels, { epsilon: eps, steps: 10, rng: createRng(4), clip: [0, 1] });
    for (let q = 0; q < pgd.data.length; q++) expect(Math.abs(pgd.data[q]! - test.x.data[q]!)).toBeLessThanOrEqual(eps + 1e-6);
    expect(mean(await model.sampleLosses(pgd, test.labels))).toBeGreaterThanOrEqual(mean(await model.sampleLosses(fgsm, test.labels)) - 1e-3);
  });

  it('refuses a non-positive ε and a random start without an rng', async () => {
    await expect(fgsmExamples(model, test.x, test.labels, { epsilon: 0 })).rejects.toThrow(/epsilon = 0/);
    await expect(pgdExamples(model, test.x, test.labels, { epsilon: 0.1 })).rejects.toThrow(/needs options.rng/);
  });

  it('adversarial training makes the model more accurate on FGSM examples made against itself', async () => {
    const eps = 0.08;
    const mlp = { hiddenLayers: [16], maxEpochs: 30, learningRate: 1e-2 } as const;
    const plain = await new Mlp({ ...mlp, rng: createRng(5), validationFraction: 0 }).fit(train.x, train.labels);
    const robust = await adversarialTraining(train.x, train.labels, { mlp: { ...mlp, rng: createRng(5) }, method: 'fgsm', epsilon: eps, clip: [0, 1] });
    const plainAdv = await accuracy(plain, await fgsmExamples(plain, test.x, test.labels, { epsilon: eps, clip: [0, 1] }), test.labels);
    const robustAdv = await accuracy(robust, await fgsmExamples(robust, test.x, test.labels, { epsilon: eps, clip: [0, 1] }), test.labels);
    expect(robustAdv).toBeGreaterThan(plainAdv);
    expect(await accuracy(robust, test.x, test.labels)).toBeGreaterThan(0.8);
  });
});
