import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { readParquet } from './parquet-reader.js';

async function rejection(p: Promise<unknown>): Promise<AntidoteError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AntidoteError) return e;
    throw e;
  }
  throw new Error('expected the promise to reject');
}

function col(columns: readonly Column[], name: string): Column {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'antidote-parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type WriteOptions = Parameters<typeof parquetWriteBuffer>[0];

async function parquetFile(name: string, options: WriteOptions): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, new Uint8Array(parquetWriteBuffer(options)));
  return p;
}

const mixedColumns: WriteOptions = {
  columnData: [
    { name: 'price', data: [1.5, null, 3, 4.25] },
    { name: 'count', data: [1n, 2n, null, 4n] },
    { name: 'flag', data: [0, 1, 1, 0] },
    { name: 'city', data: ['Paris', 'Berlin', null, 'Paris'] },
    { name: 'ok', data: [true, false, null, true] },
    { name: 'seen', data: [new Date(0), new Date(1000), null, new Date(5)] },
    { name: 'emb', data: [[1, 2], [3, 4], null, [5, 6]] },
  ],
  schema: [
    { name: 'root', num_children: 7 },
    { name: 'price', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
    { name: 'count', type: 'INT64', repetition_type: 'OPTIONAL' },
    { name: 'flag', type: 'INT32', repetition_type: 'REQUIRED' },
    { name: 'city', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'ok', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
    { name: 'seen', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'OPTIONAL' },
    { name: 'emb', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'FLOAT', repetition_type: 'OPTIONAL' },
  ],
};

describe('readParquet', () => {
  it('reads numbers, strings, booleans, timestamps and list<float> as an embedding', async () => {
    const ds = await readParquet(await parquetFile('mixed.parquet', mixedColumns));
    expect(ds.rowCount).toBe(4);
    expect(ds.columns.map((c) => [c.name, c.kind])).toEqual([
      ['price', 'numeric'],
      ['count', 'numeric'],
      ['flag', 'numeric'], // a Parquet INT32 stays numeric even if it only holds 0/1
      ['city', 'categorical'],
      ['ok', 'boolean'],
      ['seen', 'timestamp'],
      ['emb', 'embedding'],
    ]);
    const get = (name: string): Column => col(ds.columns, name);
    const price = get('price');
    expect(price.kind === 'numeric' && [...price.values]).toEqual([1.5, NaN, 3, 4.25]);
    const count = get('count');
    expect(count.kind === 'numeric' && [...count.values]).toEqual([1, 2, NaN, 4]);
    const city = get('city');
    expect(city.kind === 'categorical' && [...city.codes]).toEqual([0, 1, -1, 0]);
    const ok = get('ok');
    expect(ok.kind === 'boolean' && [...ok.values]).toEqual([1, 0, 255, 1]);
    const seen = get('seen');
    expect(seen.kind === 'timestamp' && [...seen.values]).toEqual([0, 1000, NaN, 5]);
    const emb = get('emb');
    expect(emb.kind === 'embedding' && emb.dim).toBe(2);
    expect(emb.kind === 'embedding' && [...emb.values]).toEqual([1, 2, 3, 4, NaN, NaN, 5, 6]);
  });

  it('reads every row group in order', async () => {
    const n = 2500;
    const path = await parquetFile('groups.parquet', {
      columnData: [{ name: 'i', data: Array.from({ length: n }, (_, i) => i), type: 'INT32' }],
      rowGroupSize: 1000,
    });
    const ds = await readParquet(path, { inferenceRows: 10 });
    const i = col(ds.columns, 'i');
    expect(ds.rowCount).toBe(n);
    expect(i.kind === 'numeric' && i.values.every((v, k) => v === k)).toBe(true);
  });

  it('rejects NaN in a float column unless allowNonFinite, naming the row', async () => {
    const path = await parquetFile('nan.parquet', { columnData: [{ name: 'x', data: [1, 2, NaN], type: 'DOUBLE' }] });
    const e = await rejection(readParquet(path));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: path, line: 3, column: 'x' });
    expect(e.message).toMatch(/row 3, column "x": non-finite value NaN/);
    const ds = await readParquet(path, { allowNonFinite: true });
    expect(ds.rowCount).toBe(3);
  });

  it('applies a schema override', async () => {
    const path = await parquetFile('codes.parquet', { columnData: [{ name: 'zip', data: [1234, 98765], type: 'INT32' }] });
    const ds = await readParquet(path, { schema: { zip: 'categorical' } });
    const zip = col(ds.columns, 'zip');
    expect(zip.kind === 'categorical' && zip.categories).toEqual(['1234', '98765']);
  });

  it('rejects nested structs as unsupported, naming the column', async () => {
    const path = await parquetFile('struct.parquet', {
      columnData: [{ name: 's', data: [{ a: 1 }, { a: 2 }] }],
      schema: [
        { name: 'root', num_children: 1 },
        { name: 's', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'a', type: 'INT32', repetition_type: 'OPTIONAL' },
      ],
    });
    const e = await rejection(readParquet(path));
    expect(e.code).toBe('unsupported');
    expect(e.location).toEqual({ file: path, column: 's' });
  });

  it('rejects a file that is not Parquet', async () => {
    const path = join(dir, 'fake.parquet');
    await writeFile(path, 'PAR1 this is not really parquet PAR1');
    const e = await rejection(readParquet(path));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: path });
  });
});
