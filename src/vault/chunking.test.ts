import { describe, expect, it } from 'vitest';
import { chunkBytes, chunkRows, parseRows } from './chunking.js';

describe('chunking', () => {
  it('cuts bytes into fixed-size chunks whose concatenation is the input', () => {
    const bytes = Uint8Array.from({ length: 2500 }, (_, i) => i % 251);
    const chunks = chunkBytes(bytes, 1000);
    expect(chunks.map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    expect(chunkBytes(new Uint8Array(0), 10)).toEqual([]);
    expect(() => chunkBytes(bytes, 0)).toThrow(/positive integer/);
  });

  it('cuts rows only on row boundaries, within the size unless one row is longer, and parses back', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, text: 'x'.repeat(i % 7 === 0 ? 120 : i) }));
    const chunks = chunkRows(rows, 100);
    for (const c of chunks) {
      expect(c[c.length - 1]).toBe(0x0a);
      const lines = c.toString().trimEnd().split('\n');
      if (lines.length > 1) expect(c.length).toBeLessThanOrEqual(100);
    }
    expect(chunks.flatMap((c) => parseRows(c))).toEqual(rows);
    expect(parseRows(Buffer.concat(chunks))).toEqual(rows);
    // canonical: key order does not change the bytes
    expect(chunkRows([{ b: 1, a: 2 }])[0]!.toString()).toBe(chunkRows([{ a: 2, b: 1 }])[0]!.toString());
    expect(() => chunkRows([[1, 2] as unknown as Record<string, unknown>])).toThrow(/row 0 must be a JSON object/);
  });
});
