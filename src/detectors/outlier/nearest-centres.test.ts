import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { NEAREST_CENTRES_NATIVE_FROM, nearestCentres, nearestCentresReference } from './nearest-centres.js';

describe('nearestCentres', () => {
  it('the native path agrees with the double-precision reference (but for float32 near-ties)', async () => {
    const rng = createRng(5);
    const n = 20_000;
    const d = 8;
    const k = 10;
    expect(n * k * d).toBeGreaterThanOrEqual(NEAREST_CENTRES_NATIVE_FROM);
    const x = { rows: n, cols: d, data: Float32Array.from({ length: n * d }, () => 3 * rng.normal()) };
    const centres = Float64Array.from({ length: k * d }, () => 3 * rng.normal());
    const fast = await nearestCentres(x, centres, k);
    const ref = nearestCentresReference(x, centres, k);
    const d2 = (i: number, c: number) => {
      let s = 0;
      for (let p = 0; p < d; p++) s += (x.data[i * d + p]! - centres[c * d + p]!) ** 2;
      return s;
    };
    let differ = 0;
    for (let i = 0; i < n; i++) {
      if (fast[i] === ref[i]) continue;
      differ++;
      expect(Math.abs(d2(i, fast[i]!) - d2(i, ref[i]!))).toBeLessThan(1e-4 * d2(i, ref[i]!) + 1e-4);
    }
    expect(differ).toBeLessThan(5);
  });

  it('the reference picks the first centre on ties', () => {
    const x = { rows: 1, cols: 1, data: Float32Array.of(1) };
    expect(Array.from(nearestCentresReference(x, Float64Array.of(0, 2), 2))).toEqual([0]);
  });
});
