import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { kernelsFixture } from '../../test/fixtures/kernels/kernels-fixture.js';
import { argsort, rankData, sortedCopy } from './sorting.js';

const fixture = kernelsFixture();

describe('sortedCopy', () => {
  it.each(fixture.sorting.map((c) => [c.name, c] as const))('equals numpy.sort (NaN last): %s', (_name, c) => {
    const input = Float64Array.from(c.values);
    const got = sortedCopy(input);
    expect(Array.from(got)).toEqual(c.sorted);
    expect(got).not.toBe(input);
    expect(Array.from(input)).toEqual(c.values);
  });

  it('keeps float32 as float32 and turns plain arrays into Float64Array', () => {
    const f32 = sortedCopy(Float32Array.from([3, NaN, -1, 2]));
    expect(f32).toBeInstanceOf(Float32Array);
    expect(Array.from(f32)).toEqual([-1, 2, 3, NaN]);
    const plain = sortedCopy([10, 9, 100]);
    expect(plain).toBeInstanceOf(Float64Array);
    expect(Array.from(plain)).toEqual([9, 10, 100]); // numeric, not lexicographic
  });
});

describe('argsort', () => {
  it.each(fixture.sorting.map((c) => [c.name, c] as const))("equals numpy.argsort(kind='stable'): %s", (_name, c) => {
    expect(Array.from(argsort(Float64Array.from(c.values)))).toEqual(c.argsort_stable);
  });

  it('is stable on a large input with many ties', () => {
    const rng = createRng(3);
    const values = Float64Array.from({ length: 5000 }, () => rng.nextInt(10));
    const idx = argsort(values);
    const outOfOrder: number[] = [];
    for (let i = 1; i < idx.length; i++) {
      const a = values[idx[i - 1]!]!;
      const b = values[idx[i]!]!;
      if (a > b || (a === b && idx[i - 1]! > idx[i]!)) outOfOrder.push(i);
    }
    expect(outOfOrder).toEqual([]);
    expect(new Set(idx).size).toBe(values.length);
  });
});

describe('rankData', () => {
  for (const c of fixture.sorting) {
    if (c.rankdata_average) {
      it(`equals scipy.stats.rankdata(method='average'): ${c.name}`, () => {
        expect(Array.from(rankData(c.values))).toEqual(c.rankdata_average);
      });
    }
    if (c.rankdata_average_omit) {
      it(`with nanPolicy 'omit' equals scipy's nan_policy='omit': ${c.name}`, () => {
        expect(Array.from(rankData(c.values, { nanPolicy: 'omit' }))).toEqual(c.rankdata_average_omit);
      });
    }
  }

  it('ranks ties by their average rank', () => {
    expect(Array.from(rankData([10, 20, 10, 30, 10]))).toEqual([2, 4, 2, 5, 2]);
  });

  it("rejects NaN by default, naming its index, and an unknown policy", () => {
    for (const [f, message] of [
      [() => rankData([1, NaN]), /values\[1\] is NaN/],
      [() => rankData([1], { nanPolicy: 'propagate' as 'raise' }), /unknown nanPolicy "propagate"; available: raise, omit/],
    ] as const) {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(isAntidoteError(error, 'invalid_input')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
