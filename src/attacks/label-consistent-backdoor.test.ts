import { describe, expect, it } from 'vitest';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { applyFeatureTrigger } from './feature-trigger-backdoor.js';
import { labelConsistentBackdoor } from './label-consistent-backdoor.js';
import { fitSoftmaxSurrogate, surrogateInputGradient, surrogateLoss } from './softmax-surrogate.js';

const d = 6;

function data(n: number, seed: number): { x: Matrix<Float64Array>; codes: Int32Array } {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    codes[i] = i % 3;
    for (let j = 0; j < d; j++) x[i * d + j] = 0.5 + 0.1 * rng.normal() + (j === codes[i] ? 0.3 : 0);
  }
  return { x: { rows: n, cols: d, data: x }, codes };
}

describe('labelConsistentBackdoor', () => {
  const { x, codes } = data(150, 1);
  const labels = { codes, classes: 3 };
  const trigger = { columns: [5], values: [1] };
  const options = {
    target: 1, rate: 0.4, seed: 2, epsilon: 0.05, clip: [0, 1] as const,
    applyTrigger: (m: Matrix<Float64Array>) => applyFeatureTrigger(m, trigger), triggerDescription: { kind: 'feature', columns: [5], values: [1] },
  };

  it('perturbs and triggers round(rate * target rows) target-class rows and keeps every label', async () => {
    const r = await labelConsistentBackdoor(x, labels, options);
    expect(r.manifest.eligible).toBe(50);
    expect(r.manifest.poisoned).toBe(20);
    expect(r.labels).toEqual(codes);
    for (let i = 0; i < x.rows; i++) {
      const before = x.data.subarray(i * d, (i + 1) * d);
      const after = r.x.data.subarray(i * d, (i + 1) * d);
      if (r.mask[i]) {
        expect(codes[i]).toBe(1);
        expect(after[5]).toBe(1);
        for (let j = 0; j < 5; j++) {
          expect(Math.abs(after[j]! - before[j]!)).toBeLessThanOrEqual(0.05 + 1e-12);
          expect(after[j]).toBeGreaterThanOrEqual(0);
          expect(after[j]).toBeLessThanOrEqual(1);
        }
      } else {
        expect(Array.from(after)).toEqual(Array.from(before));
      }
    }
  });

  it("makes the poisons harder for the surrogate: their true-label loss rises before the trigger", async () => {
    const noTrigger = await labelConsistentBackdoor(x, labels, { ...options, applyTrigger: (m) => m });
    const surrogate = await fitSoftmaxSurrogate(x, labels);
    const rows = [...noTrigger.mask.keys()].filter((i) => noTrigger.mask[i]);
    const pick = (src: Float64Array): Matrix<Float64Array> => ({ rows: rows.length, cols: d, data: Float64Array.from(rows.flatMap((i) => Array.from(src.subarray(i * d, (i + 1) * d)))) });
    const target = new Int32Array(rows.length).fill(1);
    const before = await surrogateLoss(surrogate, pick(x.data), target);
    const after = await surrogateLoss(surrogate, pick(noTrigger.x.data), target);
    expect(after).toBeGreaterThan(before * 2);
  });

  it('uses the analytic input gradient, which matches finite differences', async () => {
    const surrogate = await fitSoftmaxSurrogate(x, labels);
    const row: Matrix<Float64Array> = { rows: 1, cols: d, data: x.data.slice(0, d) };
    const y = Int32Array.of(codes[0]!);
    const g = await surrogateInputGradient(surrogate, row, y);
    const h = 1e-6;
    for (let j = 0; j < d; j++) {
      const up = Float64Array.from(row.data);
      up[j]! += h;
      const down = Float64Array.from(row.data);
      down[j]! -= h;
      const numeric = ((await surrogateLoss(surrogate, { rows: 1, cols: d, data: up }, y)) - (await surrogateLoss(surrogate, { rows: 1, cols: d, data: down }, y))) / (2 * h);
      expect(g.data[j]).toBeCloseTo(numeric, 5);
    }
  });

  it('rejects a non-positive epsilon', async () => {
    await expect(labelConsistentBackdoor(x, labels, { ...options, epsilon: 0 })).rejects.toThrow(/epsilon 0 must be a positive/);
  });
});
