import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import { loadSchemaOverride, overrideFromSchema, parseSchemaOverride } from './schema-override.js';

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
  dir = await mkdtemp(join(tmpdir(), 'antidote-schema-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function jsonFile(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

describe('loadSchemaOverride', () => {
  it('loads a map of column names to kinds', async () => {
    const path = await jsonFile('ok.json', '{"zip": "categorical", "notes": "text", "emb": "embedding"}');
    expect(await loadSchemaOverride(path)).toEqual({ zip: 'categorical', notes: 'text', emb: 'embedding' });
  });

  it('names the bad field and lists the valid kinds', async () => {
    const path = await jsonFile('bad-kind.json', '{"zip": "categorical", "age": "integer"}');
    const e = await rejection(loadSchemaOverride(path));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: path, path: ['age'] });
    expect(e.message).toContain('column "age" has unknown kind "integer"; valid kinds: numeric, categorical, boolean, text, timestamp, embedding');
  });

  it('reports malformed JSON with its line and column', async () => {
    const path = await jsonFile('broken.json', '{\n  "zip": "categorical",\n  "age" "numeric"\n}');
    const e = await rejection(loadSchemaOverride(path));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: path, line: 3, column: 9 });
  });

  it('rejects a non-object and a missing file', async () => {
    const arr = await rejection(loadSchemaOverride(await jsonFile('arr.json', '["numeric"]')));
    expect(arr.message).toMatch(/must be a JSON object .* got an array/);
    expect((await rejection(loadSchemaOverride(join(dir, 'none.json')))).code).toBe('not_found');
  });
});

describe('parseSchemaOverride / overrideFromSchema', () => {
  it('round-trips a schema', () => {
    const schema = { columns: [{ name: 'a', kind: 'numeric' as const }, { name: 'e', kind: 'embedding' as const, dim: 3 }] };
    expect(parseSchemaOverride(overrideFromSchema(schema))).toEqual({ a: 'numeric', e: 'embedding' });
    expect(() => parseSchemaOverride({ a: 3 })).toThrow(/column "a" has unknown kind 3/);
  });
});
