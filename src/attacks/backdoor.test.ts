import { describe, expect, it } from 'vitest';
import type { Matrix } from '../core/matrix.js';
import { createRng } from '../core/rng.js';
import { attackSuccessRate } from './attack-success-rate.js';
import { applyBlendedTrigger, blendedBackdoor } from './blended-backdoor.js';
import { applyFeatureTrigger, featureTriggerBackdoor } from './feature-trigger-backdoor.js';
import { applyPatchTrigger, imagePatchBackdoor, type PatchTrigger } from './image-patch-backdoor.js';
import { fitSoftmaxSurrogate, surrogatePredict } from './softmax-surrogate.js';

/** `n` noisy 6x6 grey images of 3 classes (a bright row band at a class-specific height), values in [0, 1]. */
function images(n: number, seed: number): { x: Matrix<Float64Array>; codes: Int32Array } {
  const rng = createRng(seed);
  const data = new Float64Array(n * 36);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = i % 3;
    codes[i] = y;
    for (let r = 0; r < 6; r++) for (let c = 0; c < 6; c++) data[i * 36 + r * 6 + c] = Math.min(1, Math.max(0, (r === y * 2 ? 0.8 : 0.1) + 0.15 * rng.normal()));
  }
  return { x: { rows: n, cols: 36, data }, codes };
}

const patch: PatchTrigger = { shape: { height: 6, width: 6 }, size: 2, value: 1 };
const patchPixels = [4 * 6 + 4, 4 * 6 + 5, 5 * 6 + 4, 5 * 6 + 5];

describe('imagePatchBackdoor (BadNets)', () => {
  const { x, codes } = images(300, 1);
  const labels = { codes, classes: 3 };

  it('stamps the patch exactly on the masked rows, relabels them as the target, and poisons round(rate * non-target rows)', () => {
    const r = imagePatchBackdoor(x, labels, { target: 0, rate: 0.1, seed: 2, trigger: patch });
    expect(r.manifest.eligible).toBe(200);
    expect(r.manifest.poisoned).toBe(20);
    let masked = 0;
    for (let i = 0; i < x.rows; i++) {
      const before = x.data.subarray(i * 36, (i + 1) * 36);
      const after = r.x.data.subarray(i * 36, (i + 1) * 36);
      if (r.mask[i]) {
        masked++;
        expect(codes[i]).not.toBe(0);
        expect(r.labels[i]).toBe(0);
        for (let j = 0; j < 36; j++) expect(after[j]).toBe(patchPixels.includes(j) ? 1 : before[j]);
      } else {
        expect(r.labels[i]).toBe(codes[i]);
        expect(Array.from(after)).toEqual(Array.from(before));
      }
    }
    expect(masked).toBe(20);
  });

  it('puts the patch in the asked corner, with a margin', () => {
    const one: Matrix<Float64Array> = { rows: 1, cols: 36, data: new Float64Array(36) };
    const t = applyPatchTrigger(one, { ...patch, corner: 'top-left', margin: 1, value: 7 });
    const set = Array.from(t.data.keys()).filter((j) => t.data[j] === 7);
    expect(set).toEqual([7, 8, 13, 14]);
    expect(() => applyPatchTrigger(one, { ...patch, shape: { height: 5, width: 5 } })).toThrow(/5x5x1 has 25 values, but the rows have 36/);
    expect(() => applyPatchTrigger(one, { ...patch, size: 6, margin: 1 })).toThrow(/does not fit/);
  });

  it('plants a backdoor a model learns: high attack success on triggered test images, clean accuracy kept', async () => {
    const r = imagePatchBackdoor(x, labels, { target: 0, rate: 0.1, seed: 2, trigger: patch });
    const model = await fitSoftmaxSurrogate(r.x, { codes: r.labels, classes: 3 }, { C: 10 });
    const test = images(300, 9);
    const predict = (m: Matrix) => surrogatePredict(model, m);
    const asr = await attackSuccessRate(predict, applyPatchTrigger(test.x, patch), 0, test.codes);
    const clean = await predict(test.x);
    let ok = 0;
    for (let i = 0; i < 300; i++) if (clean[i] === test.codes[i]) ok++;
    expect(asr).toBeGreaterThan(0.9);
    expect(ok / 300).toBeGreaterThan(0.95);
  });
});

describe('blendedBackdoor', () => {
  const { x, codes } = images(120, 3);
  const labels = { codes, classes: 3 };

  it('blends the masked rows with the pattern, x = (1 - a) x + a p, and leaves the rest', () => {
    const r = blendedBackdoor(x, labels, { target: 2, rate: 0.25, alpha: 0.2, seed: 4 });
    expect(r.manifest.poisoned).toBe(Math.round(0.25 * 80));
    const p = r.trigger.pattern;
    for (let j = 0; j < 36; j++) {
      expect(p[j]).toBeGreaterThanOrEqual(0);
      expect(p[j]).toBeLessThan(1);
    }
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < 36; j++) {
        const v = x.data[i * 36 + j]!;
        if (r.mask[i]) expect(r.x.data[i * 36 + j]).toBeCloseTo(0.8 * v + 0.2 * p[j]!, 12);
        else expect(r.x.data[i * 36 + j]).toBe(v);
      }
      expect(r.labels[i]).toBe(r.mask[i] ? 2 : codes[i]);
    }
    const triggered = applyBlendedTrigger(x, r.trigger);
    r.mask.forEach((m, i) => {
      if (m) expect(Array.from(triggered.data.subarray(i * 36, (i + 1) * 36))).toEqual(Array.from(r.x.data.subarray(i * 36, (i + 1) * 36)));
    });
  });

  it('uses a given pattern and chooses the same rows as with the noise pattern', () => {
    const pattern = new Float64Array(36).fill(0.5);
    const given = blendedBackdoor(x, labels, { target: 2, rate: 0.25, alpha: 1, seed: 4, pattern });
    const noise = blendedBackdoor(x, labels, { target: 2, rate: 0.25, alpha: 1, seed: 4 });
    expect(given.mask).toEqual(noise.mask);
    given.mask.forEach((m, i) => {
      if (m) expect(Array.from(given.x.data.subarray(i * 36, (i + 1) * 36))).toEqual(Array.from(pattern));
    });
    expect(given.manifest.parameters['pattern']).toBe('given');
    expect(() => blendedBackdoor(x, labels, { target: 2, rate: 0.25, alpha: 0, seed: 4 })).toThrow(/alpha 0 must be in \(0, 1\]/);
  });
});

describe('featureTriggerBackdoor', () => {
  const { x, codes } = images(90, 5);
  const labels = { codes, classes: 3 };

  it('sets the chosen columns on exactly the masked rows', () => {
    const trigger = { columns: [3, 17], values: [9, -2] };
    const r = featureTriggerBackdoor(x, labels, { target: 1, rate: 0.5, seed: 6, trigger });
    expect(r.manifest.eligible).toBe(60);
    expect(r.manifest.poisoned).toBe(30);
    for (let i = 0; i < x.rows; i++) {
      const has = r.x.data[i * 36 + 3] === 9 && r.x.data[i * 36 + 17] === -2;
      expect(has).toBe(r.mask[i] === 1);
      expect(r.labels[i]).toBe(r.mask[i] ? 1 : codes[i]);
    }
    const all = applyFeatureTrigger(x, trigger);
    for (let i = 0; i < x.rows; i++) expect([all.data[i * 36 + 3], all.data[i * 36 + 17]]).toEqual([9, -2]);
  });

  it('rejects bad trigger settings with the rule', () => {
    expect(() => applyFeatureTrigger(x, { columns: [40], values: [1] })).toThrow(/column 40 is not within \[0, 36\)/);
    expect(() => applyFeatureTrigger(x, { columns: [1, 2], values: [1] })).toThrow(/one value per column/);
    expect(() => applyFeatureTrigger(x, { columns: [1, 1], values: [1, 2] })).toThrow(/given twice/);
  });
});

describe('attackSuccessRate', () => {
  it('counts the rows of other classes predicted as the target', async () => {
    const asr = await attackSuccessRate(() => Int32Array.of(0, 0, 1, 0, 2), null, 0, Int32Array.of(0, 1, 1, 2, -1));
    // Rows 1, 2, 3 count (row 0 is already the target, row 4 unlabelled): rows 1 and 3 hit.
    expect(asr).toBeCloseTo(2 / 3, 15);
    await expect(attackSuccessRate(() => [0], null, 0, [0])).rejects.toThrow(/no row has a true label other than the target/);
  });
});
