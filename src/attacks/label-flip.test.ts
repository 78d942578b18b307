import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { randomLabelFlip } from './random-label-flip.js';
import { targetedLabelFlip } from './targeted-label-flip.js';

function labelsOf(n: number, classes: number, seed: number, missingEvery = 0): Int32Array {
  const rng = createRng(seed);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = missingEvery > 0 && i % missingEvery === 0 ? -1 : rng.nextInt(classes);
  return codes;
}

describe('randomLabelFlip', () => {
  const codes = labelsOf(1000, 3, 1, 10); // 100 missing, 900 labelled

  it('flips round(rate * labelled rows) labels, each to another class, and only the masked ones', () => {
    const r = randomLabelFlip({ codes, classes: 3 }, { rate: 0.25, seed: 4 });
    expect(r.manifest.eligible).toBe(900);
    expect(r.manifest.poisoned).toBe(225);
    let masked = 0;
    for (let i = 0; i < codes.length; i++) {
      if (r.mask[i]) {
        masked++;
        expect(codes[i]).toBeGreaterThanOrEqual(0);
        expect(r.labels[i]).not.toBe(codes[i]);
        expect(r.labels[i]).toBeGreaterThanOrEqual(0);
        expect(r.labels[i]).toBeLessThan(3);
      } else {
        expect(r.labels[i]).toBe(codes[i]);
      }
    }
    expect(masked).toBe(225);
  });

  it('draws the new class uniformly among the other classes', () => {
    const many = labelsOf(20000, 3, 2).fill(0);
    const r = randomLabelFlip({ codes: many, classes: 3 }, { rate: 0.5, seed: 9 });
    let to1 = 0;
    let to2 = 0;
    for (let i = 0; i < many.length; i++) if (r.mask[i]) (r.labels[i] === 1 ? to1++ : to2++);
    expect(to1 + to2).toBe(10000);
    // Binomial(10000, 0.5): sd 50, so 4 sd is 200.
    expect(Math.abs(to1 - 5000)).toBeLessThan(200);
  });

  it('is a function of the seed', () => {
    const a = randomLabelFlip({ codes, classes: 3 }, { rate: 0.1, seed: 7 });
    const b = randomLabelFlip({ codes, classes: 3 }, { rate: 0.1, seed: 7 });
    const c = randomLabelFlip({ codes, classes: 3 }, { rate: 0.1, seed: 8 });
    expect(b.labels).toEqual(a.labels);
    expect(b.manifest).toEqual(a.manifest);
    expect(c.mask).not.toEqual(a.mask);
    expect(a.manifest.inputSha256).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('rejects a rate outside [0, 1] and a single class', () => {
    expect(() => randomLabelFlip({ codes, classes: 3 }, { rate: 1.5, seed: 0 })).toThrow(/rate 1.5 must be a number from 0 to 1/);
    expect(() => randomLabelFlip({ codes: new Int32Array(4), classes: 1 }, { rate: 0.5, seed: 0 })).toThrow(/at least two/);
    try {
      randomLabelFlip({ codes: Int32Array.of(0, 5), classes: 2 }, { rate: 0.5, seed: 0 });
      expect.unreachable();
    } catch (e) {
      expect(isAntidoteError(e, 'invalid_input')).toBe(true);
      expect((e as Error).message).toMatch(/label 5 of row 1/);
    }
  });
});

describe('targetedLabelFlip', () => {
  const codes = labelsOf(500, 3, 3, 7);

  it('relabels round(rate * source rows) source rows as the target and touches nothing else', () => {
    let sources = 0;
    for (const c of codes) if (c === 2) sources++;
    const r = targetedLabelFlip({ codes, classes: 3 }, { source: 2, target: 0, rate: 0.3, seed: 5 });
    expect(r.manifest.eligible).toBe(sources);
    expect(r.manifest.poisoned).toBe(Math.round(0.3 * sources));
    for (let i = 0; i < codes.length; i++) {
      if (r.mask[i]) {
        expect(codes[i]).toBe(2);
        expect(r.labels[i]).toBe(0);
      } else {
        expect(r.labels[i]).toBe(codes[i]);
      }
    }
  });

  it('flips every source row at rate 1 and none at rate 0', () => {
    const all = targetedLabelFlip({ codes, classes: 3 }, { source: 1, target: 2, rate: 1, seed: 0 });
    expect(Array.from(all.labels).includes(1)).toBe(false);
    const none = targetedLabelFlip({ codes, classes: 3 }, { source: 1, target: 2, rate: 0, seed: 0 });
    expect(none.labels).toEqual(codes);
    expect(none.manifest.poisoned).toBe(0);
  });

  it('rejects source = target and unknown classes', () => {
    expect(() => targetedLabelFlip({ codes, classes: 3 }, { source: 1, target: 1, rate: 0.2, seed: 0 })).toThrow(/must differ/);
    expect(() => targetedLabelFlip({ codes, classes: 3 }, { source: 3, target: 1, rate: 0.2, seed: 0 })).toThrow(/source class 3 must be one of 0..2/);
  });
});
