import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { parseNpyHeader, readNpy } from './npy-reader.js';

// Made by test/fixtures/data/make_fixtures.py with numpy.
const npy = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/data/npy/${name}`, import.meta.url));

async function rejection(p: Promise<unknown>): Promise<AntidoteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AntidoteError) return e;
    throw e;
  }
  throw new Error('expected the promise to reject');
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'antidote-npy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const BASE = [1.5, -2, 3.25, 0, 4.5, -6.75];

describe('readNpy', () => {
  it.each(['f4-v1.npy', 'f4-v2.npy', 'f4-v3.npy', 'f4-big-endian.npy', 'f8-big-endian.npy'])('reads %s as a 2 x 3 float32 matrix', async (name) => {
    const m = await readNpy(npy(name));
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect([...m.data]).toEqual(BASE);
  });

  it.each([
    ['i1.npy', 2, 3, [-128, 0, 127, 1, 2, 3]],
    ['i2.npy', 2, 3, [-300, 0, 300, 1, 2, 3]],
    ['i4.npy', 2, 3, [-70000, 0, 70000, 1, 2, 3]],
    ['i8.npy', 2, 3, [-(2 ** 40), 0, 2 ** 40, 1, 2, 3]],
    ['u1.npy', 3, 1, [0, 255, 7]],
    ['u2.npy', 1, 3, [0, 65535, 7]],
    ['u4.npy', 1, 3, [0, 4294967295, 7]],
    ['u8.npy', 1, 3, [0, 2 ** 53, 7]],
  ] as const)('reads integer dtype file %s', async (name, rows, cols, values) => {
    const m = await readNpy(npy(name));
    expect([m.rows, m.cols]).toEqual([rows, cols]);
    expect([...m.data]).toEqual(values.map((v) => Math.fround(v)));
  });

  it('parses the header of a version 1 file', async () => {
    const h = parseNpyHeader(await readFile(npy('f4-v1.npy')), 'f4-v1.npy');
    expect(h).toMatchObject({ version: [1, 0], descr: '<f4', fortranOrder: false, shape: [2, 3] });
    expect(h.dataOffset % 64).toBe(0);
  });

  it('rejects Fortran order, unsupported dtypes and 3-D arrays as unsupported', async () => {
    const fortran = await rejection(readNpy(npy('fortran.npy')));
    expect(fortran.code).toBe('unsupported');
    expect(fortran.message).toMatch(/Fortran/);
    const f2 = await rejection(readNpy(npy('f2.npy')));
    expect(f2.code).toBe('unsupported');
    expect(f2.message).toMatch(/dtype "<f2".*supported dtypes: <f4, <f8/);
    const cube = await rejection(readNpy(npy('3d.npy')));
    expect(cube.code).toBe('unsupported');
    expect(cube.message).toMatch(/3-dimensional/);
  });

  it('rejects NaN unless allowNonFinite, naming row and column', async () => {
    const e = await rejection(readNpy(npy('nan.npy')));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: npy('nan.npy'), line: 2, column: 2 });
    const m = await readNpy(npy('nan.npy'), { allowNonFinite: true });
    expect(Number.isNaN(m.data[3])).toBe(true);
  });

  it('rejects bad magic, truncated data and trailing bytes', async () => {
    const bytes = await readFile(npy('f4-v1.npy'));
    const badMagic = join(dir, 'bad-magic.npy');
    await writeFile(badMagic, Buffer.concat([Buffer.from('NOTNPY'), bytes.subarray(6)]));
    const magic = await rejection(readNpy(badMagic));
    expect(magic.code).toBe('invalid_input');
    expect(magic.message).toMatch(/magic/);

    const truncated = join(dir, 'truncated.npy');
    await writeFile(truncated, bytes.subarray(0, bytes.length - 5));
    const t = await rejection(readNpy(truncated));
    expect(t.code).toBe('invalid_input');
    expect(t.location).toEqual({ file: truncated });
    expect(t.message).toMatch(/truncated: .* shape \(2, 3\) of <f4, which needs 24 bytes of data, but only 19/);

    const headerCut = join(dir, 'header-cut.npy');
    await writeFile(headerCut, bytes.subarray(0, 40));
    expect((await rejection(readNpy(headerCut))).message).toMatch(/truncated inside its .npy header/);

    const extra = join(dir, 'extra.npy');
    await writeFile(extra, Buffer.concat([bytes, Buffer.alloc(8)]));
    const x = await rejection(readNpy(extra));
    expect(x.message).toMatch(/8 bytes after the data its header declares/);
  });
});
