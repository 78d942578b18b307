import { describe, expect, it } from 'vitest';
import { createRng } from '../core/rng.js';
import { calibrateSuspicion } from './suspicion-calibration.js';

describe('calibrateSuspicion', () => {
  it('is erf((S - median) / (1.4826 MAD sqrt 2)) on the outlying side and 0 on the other', () => {
    // S = -score = [0, -1, 1, -2, 2, 4, -4]: median 0, MAD 2, sigma 2.9652; erf(4 / (2.9652 sqrt 2)) = 0.82266.
    const s = calibrateSuspicion([0, 1, -1, 2, -2, -4, 4]);
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(0); // more normal than the median: never suspicious
    expect(s[5]).toBeCloseTo(0.82266, 4);
    expect(s[2]).toBeCloseTo(0.26407, 4);
  });

  it('is not fooled by the outliers it scores (robust scale)', () => {
    const rng = createRng(1);
    const scores = Array.from({ length: 1000 }, () => rng.normal());
    for (let i = 0; i < 100; i++) scores[i] = -50 - rng.next(); // 10% extreme rows
    const s = calibrateSuspicion(scores);
    for (let i = 0; i < 100; i++) expect(s[i]).toBeGreaterThan(0.999);
    const clean = Array.from(s.slice(100));
    expect(clean.filter((v) => v > 0.99).length).toBeLessThan(20);
  });

  it('gives 0 everywhere when every score is equal, and stays in [0, 1]', () => {
    expect(Array.from(calibrateSuspicion([2, 2, 2]))).toEqual([0, 0, 0]);
    const s = calibrateSuspicion([1, 1, 1, 1, -5]);
    for (const v of s) expect(v >= 0 && v <= 1).toBe(true);
    expect(s[4]).toBeCloseTo(0.97465, 4); // MAD 0: the standard deviation 2.683 scales instead
  });
});
