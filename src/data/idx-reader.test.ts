import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { isAntidoteError } from '../core/errors.js';
import { parseIdx, readIdx } from './idx-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'antidote-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file written byte by byte, big-endian, as the format specifies. */
function idxBytes(typeCode: number, dims: readonly number[], body: readonly number[], width = 1): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length * width);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  const o = 4 + 4 * dims.length;
  body.forEach((v, i) => {
    if (typeCode === 0x08) view.setUint8(o + i, v);
    else if (typeCode === 0x0b) view.setInt16(o + 2 * i, v, false);
    else if (typeCode === 0x0c) view.setInt32(o + 4 * i, v, false);
    else if (typeCode === 0x0d) view.setFloat32(o + 4 * i, v, false);
  });
  return out;
}

function caught(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isAntidoteError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseIdx', () => {
  it('decodes a uint8 image tensor (magic 0x803) row-major', () => {
    const t = parseIdx(idxBytes(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
    expect(t.elemType).toBe('uint8');
    expect(t.dims).toEqual([2, 2, 3]);
    expect(Array.from(t.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it('decodes big-endian multi-byte types (int16, int32, float32)', () => {
    expect(Array.from(parseIdx(idxBytes(0x0b, [3], [-2, 300, 32767], 2)).data)).toEqual([-2, 300, 32767]);
    expect(Array.from(parseIdx(idxBytes(0x0c, [2], [-70000, 123456789], 4)).data)).toEqual([-70000, 123456789]);
    expect(Array.from(parseIdx(idxBytes(0x0d, [2], [1.5, -0.25], 4)).data)).toEqual([1.5, -0.25]);
  });

  it('inflates gzip, recognised by its magic bytes', () => {
    const t = parseIdx(gzipSync(idxBytes(0x08, [4], [9, 8, 7, 6])), 'labels.gz');
    expect(t.dims).toEqual([4]);
    expect(Array.from(t.data)).toEqual([9, 8, 7, 6]);
  });

  it('rejects a bad magic number, naming it and the valid ones', () => {
    const e = caught(() => parseIdx(Uint8Array.of(0x1a, 0x2b, 0x08, 0x01, 0, 0, 0, 0), 'x.idx'));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/x\.idx is not an IDX file: magic number 0x1a2b0801/);
    expect(e.message).toMatch(/0x08 uint8/);
    expect(caught(() => parseIdx(Uint8Array.of(0, 0, 0x07, 1, 0, 0, 0, 0))).message).toMatch(/magic number 0x00000701/);
  });

  it('rejects short files: inside the magic, inside the header, and short of the declared data', () => {
    expect(caught(() => parseIdx(Uint8Array.of(0, 0))).message).toMatch(/too short for an IDX file: 2 bytes/);
    expect(caught(() => parseIdx(idxBytes(0x08, [2, 2, 3], []).subarray(0, 10))).message).toMatch(/truncated inside its IDX header: 10 bytes, a rank-3 header needs 16/);
    const short = caught(() => parseIdx(idxBytes(0x08, [10], [1, 2, 3]).subarray(0, 11), 'short.idx'));
    expect(short.message).toMatch(/short\.idx is truncated: its header declares uint8 \[10\] \(18 bytes with the header\) but the file has 11 bytes/);
  });

  it('rejects trailing bytes and a corrupt gzip stream', () => {
    const long = new Uint8Array(10);
    long.set(idxBytes(0x08, [1], [5]));
    expect(caught(() => parseIdx(long)).message).toMatch(/has 1 bytes after the uint8 \[1\]/);
    const gz = gzipSync(idxBytes(0x08, [1], [5]));
    expect(caught(() => parseIdx(gz.subarray(0, 12), 'bad.gz')).message).toMatch(/bad\.gz starts like gzip but does not inflate/);
  });
});

describe('readIdx', () => {
  it('reads a gzipped file from disk', async () => {
    const path = join(dir, 'images-idx3-ubyte.gz');
    writeFileSync(path, gzipSync(idxBytes(0x08, [1, 2, 2], [0, 64, 128, 255])));
    const t = await readIdx(path);
    expect(t.dims).toEqual([1, 2, 2]);
    expect(Array.from(t.data)).toEqual([0, 64, 128, 255]);
  });

  it('gives not_found for a missing file', async () => {
    await expect(readIdx(join(dir, 'missing.gz'))).rejects.toMatchObject({ code: 'not_found' });
  });
});
