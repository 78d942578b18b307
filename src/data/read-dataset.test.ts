import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { detectDataFormat, sniffContent } from './file-format.js';
import { readDataset } from './read-dataset.js';
import { schemaOf } from './schema-of.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/data/${name}`, import.meta.url));

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
let parquetBytes: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'antidote-read-'));
  parquetBytes = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2, 3], type: 'DOUBLE' }] }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

describe('readDataset', () => {
  it('picks the reader by extension', async () => {
    expect(schemaOf(await readDataset(fixture('quoted.csv'))).columns.map((c) => c.kind)).toEqual(['numeric', 'categorical', 'categorical', 'numeric']);
    expect((await readDataset(fixture('tabs.tsv'))).columns.map((c) => c.name)).toEqual(['id', 'label']);
    expect((await readDataset(fixture('records.jsonl'))).rowCount).toBe(3);
    const ndjson = join(dir, 'records.ndjson');
    await copyFile(fixture('records.jsonl'), ndjson);
    expect((await readDataset(ndjson)).rowCount).toBe(3);
    expect((await readDataset(await file('x.parquet', parquetBytes))).columns).toHaveLength(1);
  });

  it('reads a 2-D .npy as an embedding column and a 1-D one as a numeric column', async () => {
    const ds = await readDataset(fixture('npy/embeddings-3x4.npy'));
    expect(schemaOf(ds)).toEqual({ columns: [{ name: 'embedding', kind: 'embedding', dim: 4 }] });
    const values = await readDataset(fixture('npy/u1.npy'));
    expect(values.columns[0]).toEqual({ kind: 'numeric', name: 'value', values: Float64Array.of(0, 255, 7) });
  });

  it('joins a .npy of embeddings as an extra column, checking the row counts', async () => {
    const table = await file('three.csv', 'id,label\n1,a\n2,b\n3,a\n');
    const ds = await readDataset(table, { embeddings: fixture('npy/embeddings-3x4.npy'), embeddingColumn: 'vec' });
    expect(schemaOf(ds).columns).toEqual([
      { name: 'id', kind: 'numeric' },
      { name: 'label', kind: 'categorical' },
      { name: 'vec', kind: 'embedding', dim: 4 },
    ]);
    const e = await rejection(readDataset(table, { embeddings: fixture('npy/embeddings-2x4.npy') }));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: fixture('npy/embeddings-2x4.npy') });
    expect(e.message).toMatch(/has 2 rows but .*three.csv has 3/);
    const clash = await rejection(readDataset(table, { embeddings: fixture('npy/embeddings-3x4.npy'), embeddingColumn: 'label' }));
    expect(clash.location).toEqual({ file: table, column: 'label' });
  });

  it('rejects files that are not what their extension says', async () => {
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['parquet-named.csv', parquetBytes, /is not a CSV file: it looks like a Parquet file .*rename it to .parquet/],
      ['zipped.csv', gzipSync('a,b\n1,2\n'), /gzip-compressed; decompress it first/],
      ['garbage.csv', Uint8Array.from({ length: 256 }, (_, i) => (i * 37) % 256), /binary data/],
      ['utf16.csv', Buffer.from('\ufeffa,b\n', 'utf16le'), /UTF-16/],
      ['array.jsonl', '[{"a": 1}, {"a": 2}]\n', /is not a JSON Lines file: it looks like a JSON array/],
      ['pretty.jsonl', '{\n  "a": 1\n}\n', /JSON document spread over several lines/],
      ['plain.jsonl', 'a,b\n1,2\n', /first line is not a JSON object/],
      ['lines.csv', '{"a": 1}\n{"a": 2}\n', /is not a CSV file: .*rename it to .jsonl/],
      ['text.parquet', 'a,b\n1,2\n', /is not a Parquet file: it looks like text/],
      ['text.npy', 'a,b\n1,2\n', /is not a NumPy .npy file/],
    ];
    for (const [name, content, message] of cases) {
      const path = await file(name, content);
      const e = await rejection(readDataset(path));
      expect(e.code, name).toBe('invalid_input');
      expect(e.location, name).toEqual({ file: path });
      expect(e.message, name).toMatch(message);
    }
    const jsonArray = await rejection(readDataset(fixture('array.jsonl')));
    expect(jsonArray.message).toMatch(/jq -c/);
  });

  it('rejects a truncated Parquet file, an empty file and unknown extensions', async () => {
    const truncated = await file('cut.parquet', parquetBytes.subarray(0, parquetBytes.length - 10));
    expect((await rejection(readDataset(truncated))).message).toMatch(/truncated/);
    const empty = await rejection(readDataset(await file('empty.jsonl', '')));
    expect(empty.message).toMatch(/is empty/);
    const xlsx = await rejection(readDataset(await file('book.xlsx', 'x')));
    expect(xlsx.message).toMatch(/unsupported file extension ".xlsx"; supported: .csv, .tsv, .jsonl, .ndjson, .parquet, .npy/);
    expect((await rejection(readDataset(join(dir, 'missing.csv')))).code).toBe('not_found');
  });
});

describe('sniffContent / detectDataFormat', () => {
  it('classifies first bytes', () => {
    expect(sniffContent(new Uint8Array(0))).toBe('empty');
    expect(sniffContent(Buffer.from('\x93NUMPY\x01\x00', 'latin1'))).toBe('npy');
    expect(sniffContent(Buffer.from('id,name\n1,Zoë\n'))).toBe('text');
    // A multi-byte character cut at the end of the sample is still text.
    expect(sniffContent(Buffer.from('a,b\nü').subarray(0, 5))).toBe('text');
    expect(sniffContent(Buffer.from('{"a":1}\n'))).toBe('json-object');
  });

  it('is case-insensitive about extensions', async () => {
    const path = await file('UPPER.CSV', 'a\n1\n');
    expect(await detectDataFormat(path)).toBe('csv');
  });
});
