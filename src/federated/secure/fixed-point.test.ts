import { describe, expect, it } from 'vitest';
import { checkFixedPointCapacity, decodeFixedPointSum, encodeFixedPoint } from './fixed-point.js';

describe('fixed point mod 2^32', () => {
  it('encodes negatives as two’s complement and decodes sums exactly to the resolution', () => {
    const options = { scale: 1024, maxAbsValue: 1 };
    expect(Array.from(encodeFixedPoint(Float32Array.of(0.5, -0.25, 0), options))).toEqual([512, 2 ** 32 - 256, 0]);
    const a = encodeFixedPoint(Float32Array.of(0.75, -1), options);
    const b = encodeFixedPoint(Float32Array.of(-1, -1), options);
    const sum = Uint32Array.from(a, (v, i) => v + b[i]!);
    expect(Array.from(decodeFixedPointSum(sum, 1024))).toEqual([-0.25, -2]);
  });

  it('refuses values beyond maxAbsValue, NaN and infinity, naming the index', () => {
    const options = { scale: 100, maxAbsValue: 2 };
    expect(() => encodeFixedPoint(Float32Array.of(0, 2.5), options)).toThrow(/value 2.5 at index 1 is outside the fixed-point range \[-2, 2\]/);
    expect(() => encodeFixedPoint(Float32Array.of(Number.NaN), options)).toThrow(/NaN at index 0/);
    expect(() => encodeFixedPoint(Float32Array.of(-Infinity), options)).toThrow(/-Infinity at index 0/);
  });

  it('errors when n · max|x| · scale would overflow 2^31 and accepts the largest safe scale', () => {
    expect(() => checkFixedPointCapacity({ scale: 2 ** 24, maxAbsValue: 1 }, 200)).toThrow(/fixed-point overflow: 200 clients x max \|value\| 1 x scale 16777216/);
    expect(() => checkFixedPointCapacity({ scale: 2 ** 23, maxAbsValue: 1 }, 255)).not.toThrow();
    expect(() => checkFixedPointCapacity({ scale: 2 ** 23, maxAbsValue: 1 }, 256)).toThrow(/overflow/);
  });

  it('at the capacity limit the extreme sum still decodes with the right sign', () => {
    const n = 255;
    const options = { scale: 2 ** 23, maxAbsValue: 1 };
    checkFixedPointCapacity(options, n);
    const one = encodeFixedPoint(Float32Array.of(-1, 1), options);
    const sum = new Uint32Array(2);
    for (let c = 0; c < n; c++) for (let i = 0; i < 2; i++) sum[i] = sum[i]! + one[i]!;
    expect(Array.from(decodeFixedPointSum(sum, options.scale))).toEqual([-n, n]);
  });
});
