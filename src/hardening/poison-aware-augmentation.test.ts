import { describe, expect, it } from 'vitest';
import type { Labels } from '../core/detector.js';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { Mlp } from '../models/mlp.js';
import { poisonAwareAugmentation, type TriggerFunction } from './poison-aware-augmentation.js';

/** Sets the last feature to 3 on every row: a tabular backdoor trigger. */
const lastFeatureTrigger: TriggerFunction = (x) => {
  const data = Float64Array.from(x.data);
  for (let i = 0; i < x.rows; i++) data[i * x.cols + x.cols - 1] = 3;
  return { rows: x.rows, cols: x.cols, data };
};

/** Three classes in 6-D; the last feature is noise near 0. */
function problem(n: number, seed: number): { x: Matrix<Float32Array>; labels: Labels } {
  const rng = createRng(seed);
  const d = 6;
  const data = new Float32Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    codes[i] = c;
    for (let j = 0; j < d; j++) data[i * d + j] = (j === c ? 2 : 0) + (j === d - 1 ? 0.1 : 1) * rng.normal();
  }
  return { x: { rows: n, cols: d, data }, labels: { codes, classes: 3 } };
}

describe('poisonAwareAugmentation', () => {
  it('appends triggered copies of chosen rows with their own labels', () => {
    const { x, labels } = problem(50, 1);
    const aug = poisonAwareAugmentation(x, labels, { triggers: [lastFeatureTrigger, lastFeatureTrigger], fraction: 0.2, rng: createRng(2) });
    expect(aug.added).toBe(20);
    expect(aug.x.rows).toBe(70);
    expect(Array.from(aug.x.data.subarray(0, 300))).toEqual(Array.from(x.data));
    for (let r = 50; r < 70; r++) {
      const row = aug.x.data.subarray(r * 6, r * 6 + 6);
      expect(row[5]).toBe(3);
      // The copy is some original row with the trigger on, and keeps that row's label.
      const source = [...Array(50).keys()].find((i) => [0, 1, 2, 3, 4].every((j) => x.data[i * 6 + j] === row[j]));
      expect(source).toBeDefined();
      expect(aug.labels.codes[r]).toBe(labels.codes[source!]);
    }
  });

  it('stops a backdoor of the known trigger from working', async () => {
    const train = problem(900, 3);
    const test = problem(300, 4);
    // The attack: 5% of rows not of class 0 get the trigger and label 0.
    const rng = createRng(5);
    const codes = train.labels.codes.slice();
    const poisonedX = Float32Array.from(train.x.data);
    for (let i = 0; i < 900; i++) {
      if (codes[i] !== 0 && rng.next() < 0.08) {
        codes[i] = 0;
        poisonedX[i * 6 + 5] = 3;
      }
    }
    const poisoned = { x: { rows: 900, cols: 6, data: poisonedX }, labels: { codes, classes: 3 } };
    const options = { hiddenLayers: [16], maxEpochs: 40, learningRate: 1e-2, validationFraction: 0 } as const;
    const plain = await new Mlp({ ...options, rng: createRng(6) }).fit(poisoned.x, poisoned.labels);
    const aug = poisonAwareAugmentation(poisoned.x, poisoned.labels, { triggers: [lastFeatureTrigger], fraction: 0.5, rng: createRng(7) });
    const hardened = await new Mlp({ ...options, rng: createRng(6) }).fit(aug.x, aug.labels);
    const triggered = lastFeatureTrigger(test.x);
    const successRate = async (m: Mlp) => {
      const p = await m.predict(triggered);
      let hits = 0;
      let counted = 0;
      for (let i = 0; i < p.length; i++) {
        if (test.labels.codes[i] === 0) continue;
        counted++;
        if (p[i] === 0) hits++;
      }
      return hits / counted;
    };
    expect(await successRate(plain)).toBeGreaterThan(0.8);
    expect(await successRate(hardened)).toBeLessThan(0.2);
  });

  it('refuses no trigger, a bad fraction, and a trigger that changes the shape', () => {
    const { x, labels } = problem(10, 1);
    expect(() => poisonAwareAugmentation(x, labels, { triggers: [], rng: createRng(1) })).toThrow(/at least one trigger/);
    expect(() => poisonAwareAugmentation(x, labels, { triggers: [lastFeatureTrigger], fraction: 0, rng: createRng(1) })).toThrow(/fraction = 0/);
    expect(() => poisonAwareAugmentation(x, labels, { triggers: [(m) => ({ rows: m.rows, cols: 1, data: new Float64Array(m.rows) })], rng: createRng(1) })).toThrow(/keep the shape/);
  });
});
