import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inputSha256 } from './input-hash.js';

describe('inputSha256', () => {
  it('is SHA-256 over tagged, length-prefixed little-endian bytes', () => {
    const a = Float64Array.of(1.5, -2);
    const header = Buffer.alloc(9);
    header.writeUInt8(5, 0);
    header.writeDoubleLE(16, 1);
    const expected = createHash('sha256').update(header).update(Buffer.from(a.buffer)).digest('hex');
    expect(inputSha256([a])).toBe(`sha256:${expected}`);
  });

  it('tells apart inputs that concatenate to the same bytes or values of another type', () => {
    expect(inputSha256([['ab', 'c']])).not.toBe(inputSha256([['a', 'bc']]));
    expect(inputSha256([[null]])).not.toBe(inputSha256([['']]));
    expect(inputSha256([Float64Array.of(1)])).not.toBe(inputSha256([Float32Array.of(1)]));
    expect(inputSha256([Int32Array.of(1, 2)])).toBe(inputSha256([Int32Array.of(1, 2)]));
  });
});
