import { describe, expect, it } from 'vitest';
import { addMaskInPlace, expandMask, subtractMaskInPlace } from './mask-prg.js';
import { seededRandomBytes } from './random-bytes.js';

const seed = seededRandomBytes('mask')(32);

describe('expandMask', () => {
  it('is deterministic in (seed, salt, info) and separates each of them', () => {
    const m = expandMask(seed, 'r1', 'self-mask', 1000);
    expect(expandMask(seed, 'r1', 'self-mask', 1000)).toEqual(m);
    expect(expandMask(seed, 'r2', 'self-mask', 1000)).not.toEqual(m);
    expect(expandMask(seed, 'r1', 'pairwise-mask', 1000)).not.toEqual(m);
    expect(expandMask(seed, 'r1', 'self-mask', 10)).toEqual(m.subarray(0, 10)); // a prefix of the same stream
  });

  it('words look uniform: each of 16 top-nibble bins within 5 sigma of its expectation', () => {
    const m = expandMask(seed, 'r1', 'u', 160_000);
    const bins = new Array<number>(16).fill(0);
    for (const w of m) bins[w >>> 28]! += 1;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(5 * Math.sqrt(10_000 * (15 / 16)));
  });

  it('adding then subtracting a mask wraps mod 2^32 and restores the vector', () => {
    const v = Uint32Array.of(0, 1, 2 ** 32 - 1, 123456789);
    const original = Uint32Array.from(v);
    const mask = expandMask(seed, 'r', 'x', 4);
    addMaskInPlace(v, mask);
    expect(v[0]).toBe(mask[0]);
    subtractMaskInPlace(v, mask);
    expect(v).toEqual(original);
  });
});
