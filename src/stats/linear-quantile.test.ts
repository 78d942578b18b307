import { describe, expect, it } from 'vitest';
import { linearQuantiles } from './linear-quantile.js';

describe('linearQuantiles (numpy method="linear")', () => {
  it('interpolates between order statistics as numpy does', () => {
    expect(Array.from(linearQuantiles(Float64Array.of(1, 2, 3, 4), [0, 0.5, 1, 1 / 3]))).toEqual([1, 2.5, 4, 2]);
    // np.quantile([10, 0, 5], [0.25, 0.9]) = [2.5, 9.0]
    expect(Array.from(linearQuantiles(Float64Array.of(10, 0, 5), [0.25, 0.9]))).toEqual([2.5, 9]);
  });

  it('takes the gap between float32 neighbours in float32, as numpy does', () => {
    // np.quantile(np.float32([0.1, 0.7]), 0.3): diff = float32(0.7) - float32(0.1) rounded to float32.
    const a = Math.fround(0.1);
    const b = Math.fround(0.7);
    const expected = a + Math.fround(b - a) * 0.3;
    expect(linearQuantiles(Float32Array.of(0.7, 0.1), [0.3])[0]).toBe(expected);
  });
});
