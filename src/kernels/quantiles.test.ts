import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { kernelsFixture } from '../../test/fixtures/kernels/kernels-fixture.js';
import { quantile, quantileSorted, quantiles } from './quantiles.js';
import { sortedCopy } from './sorting.js';

function thrownBy(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    expect(isAntidoteError(e, 'invalid_input')).toBe(true);
    return e as Error;
  }
  throw new Error('expected an AntidoteError');
}

describe('quantiles (numpy linear method)', () => {
  const fixture = kernelsFixture();

  it.each(fixture.quantiles.map((c) => [c.name, c] as const))('quantiles() equals numpy.nanquantile bit for bit: %s', (_name, c) => {
    const values = Float64Array.from(c.values);
    const got = quantiles(values, c.probs);
    expect(Array.from(got)).toEqual(c.expected); // toEqual uses Object.is: NaN matches NaN, 1 ulp does not pass
    expect(Array.from(values)).toEqual(c.values); // input untouched
  });

  it.each(fixture.quantiles.map((c) => [c.name, c] as const))('quantileSorted() on the NaN-free sorted sample equals numpy too: %s', (_name, c) => {
    const sorted = sortedCopy(c.values.filter((v) => !Number.isNaN(v)));
    c.probs.forEach((p, i) => expect(quantileSorted(sorted, p)).toBe(c.expected[i]));
  });

  it('quantile is the same function as quantileSorted', () => {
    expect(quantile).toBe(quantileSorted);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('selection and full-sort paths agree with sorting on a large sample with many ties', () => {
    const rng = createRng(5);
    const values = Float64Array.from({ length: 10_001 }, () => Math.round(rng.normal() * 4));
    const sorted = sortedCopy(values);
    const few = [0.001, 0.5, 0.999];
    const many = Array.from({ length: 30 }, (_, i) => i / 29);
    for (const probs of [few, many]) {
      expect(Array.from(quantiles(values, probs))).toEqual(probs.map((p) => quantileSorted(sorted, p)));
    }
  });

  it('skips NaN (as numpy.nanquantile) and rejects an all-NaN or empty sample', () => {
    expect(Array.from(quantiles([NaN, 3, NaN, 1, 2], [0, 0.5, 1]))).toEqual([1, 2, 3]);
    expect(thrownBy(() => quantiles([NaN, NaN], [0.5])).message).toMatch(/no values .*2 given, all NaN/);
    expect(thrownBy(() => quantiles([], [0.5])).message).toMatch(/no values/);
  });

  it('rejects probabilities outside [0, 1] or NaN, and unusable sorted input', () => {
    expect(thrownBy(() => quantiles([1, 2], [0.5, 1.5])).message).toMatch(/probability 1.5 must be within \[0, 1\]/);
    expect(thrownBy(() => quantileSorted([1, 2], -0.1)).message).toMatch(/probability -0.1/);
    expect(thrownBy(() => quantileSorted([1, 2], NaN)).message).toMatch(/probability NaN/);
    expect(thrownBy(() => quantileSorted([], 0.5)).message).toMatch(/no values/);
    expect(thrownBy(() => quantileSorted([1, 2, NaN], 0.5)).message).toMatch(/ends with NaN/);
  });
});
