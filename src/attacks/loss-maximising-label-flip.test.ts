import { describe, expect, it } from 'vitest';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { lossMaximisingLabelFlip } from './loss-maximising-label-flip.js';
import { randomLabelFlip } from './random-label-flip.js';
import { fitSoftmaxSurrogate, surrogateLoss, surrogatePredict } from './softmax-surrogate.js';

/** Two Gaussian blobs in 4 dimensions, means ±1.5 on the first two axes. */
function blobs(n: number, seed: number): { x: Matrix<Float64Array>; codes: Int32Array } {
  const rng = createRng(seed);
  const d = 4;
  const data = new Float64Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = i % 2;
    codes[i] = y;
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() + (j < 2 ? (y === 1 ? 1.5 : -1.5) : 0);
  }
  return { x: { rows: n, cols: d, data }, codes };
}

/** Accuracy and mean log-loss on clean test rows of a model retrained on `fitCodes`. */
async function retrained(x: Matrix, fitCodes: Int32Array, test: { x: Matrix; codes: Int32Array }): Promise<{ accuracy: number; loss: number }> {
  const model = await fitSoftmaxSurrogate(x, { codes: fitCodes, classes: 2 });
  const pred = await surrogatePredict(model, test.x);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === test.codes[i]) ok++;
  return { accuracy: ok / pred.length, loss: (await surrogateLoss(model, test.x, test.codes)) / pred.length };
}

describe('lossMaximisingLabelFlip', () => {
  const train = blobs(400, 1);
  const test = blobs(400, 2);

  it('flips round(rate * labelled rows) labels, each to another class', async () => {
    const r = await lossMaximisingLabelFlip(train.x, { codes: train.codes, classes: 2 }, { rate: 0.15, seed: 0 });
    expect(r.manifest.poisoned).toBe(60);
    let changed = 0;
    for (let i = 0; i < 400; i++) {
      if (r.mask[i]) expect(r.labels[i]).toBe(1 - train.codes[i]!);
      else expect(r.labels[i]).toBe(train.codes[i]);
      if (r.labels[i] !== train.codes[i]) changed++;
    }
    expect(changed).toBe(60);
  });

  it("raises the clean surrogate's loss more than random flips of the same number of rows", async () => {
    const labels = { codes: train.codes, classes: 2 };
    const surrogate = await fitSoftmaxSurrogate(train.x, labels);
    const lossFlip = await lossMaximisingLabelFlip(train.x, labels, { rate: 0.15, seed: 0 });
    const random = randomLabelFlip(labels, { rate: 0.15, seed: 0 });
    const clean = await surrogateLoss(surrogate, train.x, train.codes);
    const afterLoss = await surrogateLoss(surrogate, train.x, lossFlip.labels);
    const afterRandom = await surrogateLoss(surrogate, train.x, random.labels);
    expect(afterRandom).toBeGreaterThan(clean);
    expect(afterLoss).toBeGreaterThan(afterRandom * 1.5);
  });

  it('hurts a model retrained on the poisoned labels more than random flips', async () => {
    const labels = { codes: train.codes, classes: 2 };
    for (const rounds of [1, 3]) {
      const lossFlip = await lossMaximisingLabelFlip(train.x, labels, { rate: 0.2, seed: 0, rounds });
      const random = randomLabelFlip(labels, { rate: 0.2, seed: 0 });
      const clean = await retrained(train.x, train.codes, test);
      const afterRandom = await retrained(train.x, random.labels, test);
      const afterLoss = await retrained(train.x, lossFlip.labels, test);
      expect(clean.accuracy).toBeGreaterThan(0.95);
      // Measured: clean 0.99 / 0.041; random 0.985 / 0.29; loss-flip (1 round) 0.92 / 0.46.
      expect(afterLoss.loss).toBeGreaterThan(afterRandom.loss * 1.3);
      if (rounds === 1) expect(afterLoss.accuracy).toBeLessThan(afterRandom.accuracy - 0.03);
    }
  });

  it('is deterministic and records the surrogate in its manifest', async () => {
    const labels = { codes: train.codes, classes: 2 };
    const a = await lossMaximisingLabelFlip(train.x, labels, { rate: 0.05, seed: 3 });
    const b = await lossMaximisingLabelFlip(train.x, labels, { rate: 0.05, seed: 3 });
    expect(b.labels).toEqual(a.labels);
    expect(a.manifest.parameters).toMatchObject({ surrogate: 'softmax-regression', rounds: 1 });
    await expect(lossMaximisingLabelFlip(train.x, labels, { rate: 0.05, seed: 3, rounds: 0 })).rejects.toThrow(/rounds = 0/);
  });
});
