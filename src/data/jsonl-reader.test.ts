import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { readJsonl } from './jsonl-reader.js';

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

function col(columns: readonly Column[], name: string): Column {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'antidote-jsonl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function jsonlFile(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

describe('readJsonl', () => {
  it('reads objects, skips blank lines, and turns number arrays into an embedding column', async () => {
    const ds = await readJsonl(fixture('records.jsonl'));
    expect(ds.rowCount).toBe(3);
    expect(ds.columns.map((c) => [c.name, c.kind])).toEqual([
      ['id', 'numeric'],
      ['subject', 'text'],
      ['spam', 'boolean'],
      ['emb', 'embedding'],
      ['sent', 'timestamp'],
    ]);
    const emb = col(ds.columns, 'emb');
    expect(emb.kind === 'embedding' && emb.dim).toBe(2 + 1);
    expect(emb.kind === 'embedding' && [...emb.values.subarray(0, 6)].map((x) => Math.round(x * 10) / 10)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(emb.kind === 'embedding' && Number.isNaN(emb.values[6])).toBe(true);
    const sent = col(ds.columns, 'sent');
    expect(sent.kind === 'timestamp' && [...sent.values]).toEqual([NaN, NaN, Date.UTC(2024, 4, 1, 8, 30)]);
    const subject = col(ds.columns, 'subject');
    expect(subject.kind === 'text' && subject.values[2]).toBeNull();
  });

  it('names the line of invalid JSON', async () => {
    const e = await rejection(readJsonl(fixture('bad-line.jsonl')));
    expect(e.code).toBe('invalid_input');
    expect(e.location?.file).toBe(fixture('bad-line.jsonl'));
    expect(e.location?.line).toBe(2);
    expect(e.message).toMatch(/line 2 is not valid JSON/);
  });

  it('rejects a line that is not an object', async () => {
    const path = await jsonlFile('scalar.jsonl', '{"a": 1}\n\n[1, 2]\n');
    const e = await rejection(readJsonl(path));
    expect(e.location).toEqual({ file: path, line: 3, column: 1 });
    expect(e.message).toMatch(/holds an array; JSON Lines needs one object per line/);
  });

  it('rejects a field first seen after the inference sample unless the override names it', async () => {
    const lines = [...Array.from({ length: 5 }, (_, i) => JSON.stringify({ x: i })), JSON.stringify({ x: 9, late: 'yes' })];
    const path = await jsonlFile('late.jsonl', lines.join('\n'));
    const e = await rejection(readJsonl(path, { inferenceRows: 3 }));
    expect(e.location).toEqual({ file: path, line: 6, column: 'late' });
    const ds = await readJsonl(path, { inferenceRows: 3, schema: { late: 'boolean' } });
    const late = col(ds.columns, 'late');
    expect(late.kind === 'boolean' && [...late.values]).toEqual([255, 255, 255, 255, 255, 1]);
  });

  it('rejects an override naming a field no object has', async () => {
    const path = await jsonlFile('typo.jsonl', '{"a": 1}\n');
    const e = await rejection(readJsonl(path, { schema: { b: 'numeric' } }));
    expect(e.location).toEqual({ file: path, column: 'b' });
  });

  it('keeps JSON 0/1 numbers numeric, and reads CRLF line ends and long lines across chunks', async () => {
    const long = 'word '.repeat(300_000);
    const path = await jsonlFile('crlf.jsonl', `{"flag": 0, "body": "${long}"}\r\n{"flag": 1, "body": "short"}\r\n`);
    const ds = await readJsonl(path);
    expect(ds.columns.map((c) => c.kind)).toEqual(['numeric', 'text']);
    const body = col(ds.columns, 'body');
    expect(body.kind === 'text' && body.values[0]?.length).toBe(long.length);
  });

  it('rejects NaN-like non-finite numbers in a numeric field only when they appear as text', async () => {
    const path = await jsonlFile('inf.jsonl', '{"x": 1}\n{"x": "inf"}\n');
    const e = await rejection(readJsonl(path));
    expect(e.location).toEqual({ file: path, line: 2, column: 'x' });
    expect(e.message).toMatch(/non-finite/);
  });

  it('rejects a file of blank lines', async () => {
    const e = await rejection(readJsonl(await jsonlFile('blank.jsonl', '\n \n')));
    expect(e.message).toMatch(/only blank lines/);
  });
});
