import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../core/errors.js';
import { ProtobufWriter } from './protobuf-writer.js';

const bytes = (w: ProtobufWriter): number[] => Array.from(w.finish());

describe('ProtobufWriter', () => {
  it('encodes varints as in the protobuf encoding guide (150 -> 08 96 01, 300 -> ac 02)', () => {
    expect(bytes(new ProtobufWriter().int64(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes(new ProtobufWriter().int64(2, 300))).toEqual([0x10, 0xac, 0x02]);
    expect(bytes(new ProtobufWriter().int64(1, 0))).toEqual([0x08, 0x00]);
  });

  it('encodes integers beyond 32 bits and negative int64 in ten bytes', () => {
    // 2^35: five 7-bit groups of zero (bits 0-34), then bit 35 as 1 in the sixth.
    expect(bytes(new ProtobufWriter().int64(1, 2 ** 35))).toEqual([0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(bytes(new ProtobufWriter().int64(1, -1))).toEqual([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(bytes(new ProtobufWriter().int64(1, -1n))).toEqual(bytes(new ProtobufWriter().int64(1, -1)));
    expect(bytes(new ProtobufWriter().int64(1, (1n << 64n) - 1n))).toEqual(bytes(new ProtobufWriter().int64(1, -1)));
  });

  it('encodes strings, nested messages, floats and doubles', () => {
    expect(bytes(new ProtobufWriter().string(2, 'testing'))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    const inner = new ProtobufWriter().int64(1, 150).finish();
    expect(bytes(new ProtobufWriter().message(3, inner))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    expect(bytes(new ProtobufWriter().float(2, 1))).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    expect(bytes(new ProtobufWriter().double(1, -2))).toEqual([0x09, 0, 0, 0, 0, 0, 0, 0x00, 0xc0]);
    expect(bytes(new ProtobufWriter().string(1, 'é'))).toEqual([0x0a, 0x02, 0xc3, 0xa9]);
  });

  it('grows past its initial buffer without losing bytes', () => {
    const big = new Uint8Array(1000).map((_, i) => i & 0xff);
    const out = new ProtobufWriter().int64(1, 7).bytes(2, big).finish();
    expect(out.length).toBe(2 + 3 + 1000);
    expect(Array.from(out.subarray(2, 5))).toEqual([0x12, 0xe8, 0x07]);
    expect(out.subarray(5)).toEqual(big);
  });

  it('rejects unsafe integers, out-of-range values and field numbers', () => {
    for (const f of [
      () => new ProtobufWriter().int64(1, 2 ** 60),
      () => new ProtobufWriter().int64(1, 1n << 64n),
      () => new ProtobufWriter().int64(1, 1.5),
      () => new ProtobufWriter().int64(0, 1),
    ]) {
      expect(f).toThrow();
      try {
        f();
      } catch (e) {
        expect(isAntidoteError(e, 'invalid_input')).toBe(true);
      }
    }
  });
});
