import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Column } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import { detectDelimiter, readCsv } from './csv-reader.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/data/', import.meta.url));
const fixture = (name: string): string => join(fixtures, name);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

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
  dir = await mkdtemp(join(tmpdir(), 'antidote-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function csvFile(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, text);
  return p;
}

describe('readCsv', () => {
  it('reads quotes, escaped quotes, embedded newlines, CRLF and a BOM', async () => {
    const ds = await readCsv(fixture('quoted.csv'));
    expect(ds.rowCount).toBe(3);
    expect(ds.columns.map((c) => [c.name, c.kind])).toEqual([
      ['id', 'numeric'],
      ['name', 'categorical'],
      ['comment', 'categorical'],
      ['score', 'numeric'],
    ]);
    const name = col(ds.columns, 'name');
    expect(name.kind === 'categorical' && name.categories).toEqual(['Smith, John', 'Doe', 'Ünïcödé']);
    const comment = col(ds.columns, 'comment');
    expect(comment.kind === 'categorical' && [...comment.codes].map((c) => (c < 0 ? null : comment.categories[c]))).toEqual(['said "hi"\r\nand left', 'plain', null]);
    const score = col(ds.columns, 'score');
    expect(score.kind === 'numeric' && [...score.values]).toEqual([1.5, NaN, -2000]);
  });

  it('detects a semicolon delimiter, and accepts it explicitly', async () => {
    for (const options of [{}, { delimiter: ';' }]) {
      const ds = await readCsv(fixture('semicolon.csv'), options);
      expect(ds.columns.map((c) => [c.name, c.kind])).toEqual([
        ['city', 'categorical'],
        ['temp', 'categorical'], // "12,5" is a decimal comma, not a number
        ['rain', 'boolean'],
      ]);
      const city = col(ds.columns, 'city');
      expect(city.kind === 'categorical' && city.categories).toEqual(['Paris', 'Berlin', 'Bad;name']);
    }
  });

  it('reads .tsv files with tabs', async () => {
    const ds = await readCsv(fixture('tabs.tsv'));
    expect(ds.columns.map((c) => c.name)).toEqual(['id', 'label']);
  });

  it('detectDelimiter counts only outside quotes', () => {
    expect(detectDelimiter(Buffer.from('"a;b;c",d,e\n'))).toBe(',');
    expect(detectDelimiter(Buffer.from('a|b|c\n1,2|3|4'))).toBe('|');
    expect(detectDelimiter(Buffer.from('single\n'))).toBe(',');
  });

  it('names empty header fields by position', async () => {
    const ds = await readCsv(await csvFile('unnamed.csv', ',x\n0,1\n1,2\n'));
    expect(ds.columns.map((c) => c.name)).toEqual(['column_1', 'x']);
  });

  it('reports a ragged row with its line, expected and actual field counts', async () => {
    const e = await rejection(readCsv(fixture('ragged.csv')));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: fixture('ragged.csv'), line: 3, column: 3 });
    expect(e.message).toMatch(/line 3 has 2 fields, expected 3/);
  });

  it('rejects an empty file and a header without rows', async () => {
    const empty = await rejection(readCsv(await csvFile('empty.csv', '')));
    expect(empty.code).toBe('invalid_input');
    expect(empty.location).toEqual({ file: join(dir, 'empty.csv') });
    expect(empty.message).toMatch(/is empty/);
    const blank = await rejection(readCsv(await csvFile('blank.csv', '\n\n\r\n')));
    expect(blank.message).toMatch(/only blank lines/);
    const header = await rejection(readCsv(fixture('header-only.csv')));
    expect(header.code).toBe('invalid_input');
    expect(header.location).toEqual({ file: fixture('header-only.csv'), line: 1 });
    expect(header.message).toMatch(/header .* but no data rows/);
  });

  it('rejects duplicate header names, naming the second', async () => {
    const e = await rejection(readCsv(fixture('duplicate-header.csv')));
    expect(e.location).toEqual({ file: fixture('duplicate-header.csv'), line: 1, column: 3 });
    expect(e.message).toMatch(/"a" appears twice \(fields 1 and 3\)/);
  });

  it('reports an unterminated quote where it opened', async () => {
    const e = await rejection(readCsv(fixture('unterminated.csv')));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: fixture('unterminated.csv'), line: 3, column: 2 });
  });

  it('rejects Infinity unless allowNonFinite, naming the cell', async () => {
    const e = await rejection(readCsv(fixture('infinity.csv')));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: fixture('infinity.csv'), line: 3, column: 'y' });
    expect(e.message).toMatch(/non-finite value "Infinity"/);
    expect(e.message).toMatch(/allowNonFinite/);
    const ds = await readCsv(fixture('infinity.csv'), { allowNonFinite: true });
    const y = col(ds.columns, 'y');
    expect(y.kind === 'numeric' && [...y.values]).toEqual([2, Infinity]);
  });

  it('parses rows after the inference sample strictly, naming file, line, column and value', async () => {
    const rows = ['n,label', ...Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'}`), '12abc,a'];
    const path = await csvFile('late.csv', rows.join('\n'));
    const e = await rejection(readCsv(path, { inferenceRows: 10 }));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ file: path, line: 22, column: 'n' });
    expect(e.message).toContain('"12abc" is not a number');
    expect(e.message).toContain('inferred as numeric from the first 10 rows');
    expect(e.message).toContain('{"n": "categorical"}');
    // With the suggested override the file reads.
    const ds = await readCsv(path, { inferenceRows: 10, schema: { n: 'categorical' } });
    expect(col(ds.columns, 'n').kind).toBe('categorical');
  });

  it('applies a schema override and rejects one naming an unknown column', async () => {
    const path = await csvFile('flags.csv', 'count,zip\n0,01234\n1,98765\n');
    const inferred = await readCsv(path);
    expect(inferred.columns.map((c) => c.kind)).toEqual(['boolean', 'numeric']);
    const ds = await readCsv(path, { schema: { count: 'numeric', zip: 'categorical' } });
    expect(ds.columns.map((c) => c.kind)).toEqual(['numeric', 'categorical']);
    const zip = col(ds.columns, 'zip');
    expect(zip.kind === 'categorical' && zip.categories).toEqual(['01234', '98765']);
    const e = await rejection(readCsv(path, { schema: { zpi: 'categorical' } }));
    expect(e.location).toEqual({ file: path, column: 'zpi' });
    expect(e.message).toMatch(/its columns are: count, zip/);
  });

  it('reports an embedding of the wrong length at its line', async () => {
    const path = await csvFile('emb.csv', 'id,emb\n1,"[1, 2]"\n2,"[3, 4, 5]"\n');
    const e = await rejection(readCsv(path));
    expect(e.location).toEqual({ file: path, line: 3, column: 'emb' });
    expect(e.message).toMatch(/3 elements, expected 2/);
  });

  it('reports bytes read to the progress sink and finishes it', async () => {
    const path = fixture('quoted.csv');
    const events: string[] = [];
    await readCsv(path, { progress: { start: (l, t) => events.push(`start ${t}`), update: (d) => events.push(`update ${d}`), finish: () => events.push('finish') } });
    const size = (await stat(path)).size;
    expect(events).toEqual([`start ${size}`, `update ${size}`, 'finish']);
  });

  it('reports a missing file as not_found', async () => {
    const e = await rejection(readCsv(join(dir, 'nope.csv')));
    expect(e.code).toBe('not_found');
  });
});

describe('readCsv memory', () => {
  const rowCount = 900_000;
  let bigPath: string;
  let sizeBytes: number;

  beforeAll(async () => {
    // About 54 MB: four numeric columns and one categorical with long labels.
    bigPath = join(dir, 'big.csv');
    const out = createWriteStream(bigPath);
    out.write('id,price,quantity,ratio,segment\n');
    const segments = ['segment_alpha_long', 'segment_bravo_long', 'segment_charlie_long', 'segment_delta_long'];
    let lines: string[] = [];
    for (let i = 0; i < rowCount; i++) {
      lines.push(`${i},${((i * 0.731) % 10000) + 0.123456},${(i * 7) % 1000},${((i % 97) / 97).toFixed(9)},${segments[i % 4]}`);
      if (lines.length === 10_000) {
        if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
        lines = [];
      }
    }
    out.end();
    await once(out, 'finish');
    sizeBytes = (await stat(bigPath)).size;
  });

  it('keeps no strings for numeric and categorical cells: the JS heap does not grow with the file', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage();
    const ds = await readCsv(bigPath);
    gc();
    const after = process.memoryUsage();
    expect(ds.rowCount).toBe(rowCount);
    expect(ds.columns.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'numeric', 'numeric', 'categorical']);
    const price = col(ds.columns, 'price');
    expect(price.kind === 'numeric' && price.values[rowCount - 1]).toBeCloseTo((((rowCount - 1) * 0.731) % 10000) + 0.123456, 6);
    // The columns live in typed arrays (4 x 8 + 4 bytes per row, at most doubled by growth);
    // the heap keeps only the four category names.
    expect(after.heapUsed - before.heapUsed).toBeLessThan(sizeBytes / 20);
    expect(ds.columns.every((c) => c.kind !== 'categorical' || c.categories.length === 4)).toBe(true);
  });

  it('reads the file in a process whose JS heap is far smaller than the file', async () => {
    const script = join(dir, 'read-big.mts');
    const reader = pathToFileURL(fileURLToPath(new URL('./csv-reader.ts', import.meta.url))).href;
    await writeFile(
      script,
      `import { readCsv } from ${JSON.stringify(reader)};\nconst ds = await readCsv(process.argv[2]);\nconsole.log(JSON.stringify({ rows: ds.rowCount }));\n`,
    );
    const heapLimitMb = 16;
    expect(sizeBytes).toBeGreaterThan(3 * heapLimitMb * 1024 * 1024);
    const child = spawnSync(process.execPath, [`--max-old-space-size=${heapLimitMb}`, '--import', 'tsx', script, bigPath], { cwd: repoRoot, encoding: 'utf8' });
    expect(child.stderr).not.toMatch(/heap out of memory/);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout.trim())).toEqual({ rows: rowCount });
  });
});
