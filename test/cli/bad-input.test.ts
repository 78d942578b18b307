// Bad input through the real CLI: every case exits 1 with a message that names the file (and the
// line and column where there is one), prints nothing on stdout, and never a stack trace.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { requireBuiltCli, runCli, STACK_LINE, tempDir, TERMINAL_CONTROL, writeCsv, writeNpy } from './helpers.js';

const tmp = tempDir('bad-input');
const path = (name: string) => join(tmp.dir, name);
const HEADER = ['a', 'b', 'c'] as const;
const ROWS = 60;

/** `a` numeric, `b` numeric, `c` categorical. */
function tableRows(): (string | number)[][] {
  const rng = createRng(3);
  return Array.from({ length: ROWS }, () => [(10 + 2 * rng.normal()).toFixed(3), rng.nextInt(5), ['red', 'green', 'blue'][rng.nextInt(3)]!]);
}

beforeAll(async () => {
  requireBuiltCli();
  const rows = tableRows();
  writeCsv(path('verified.csv'), HEADER, rows);
  const baseline = await runCli(['baseline', path('verified.csv'), '--out', path('baseline.json')]);
  if (baseline.code !== 0) throw new Error(`could not make the baseline for the bad-input tests:\n${baseline.stderr}`);

  const text = readFileSync(path('verified.csv'), 'utf8').split('\n');
  // Line numbers are 1-based and count the header: data row k is on line k + 2.
  const withLine = (line: number, edit: (fields: string[]) => string[]) =>
    text.map((l, i) => (i === line - 1 ? edit(l.split(',')).join(',') : l)).join('\n');
  writeFileSync(path('ragged.csv'), withLine(7, (f) => f.slice(0, 2)));
  writeFileSync(path('abc.csv'), withLine(5, (f) => ['abc', ...f.slice(1)]));
  writeFileSync(path('inf.csv'), withLine(9, (f) => [f[0]!, 'inf', f[2]!]));
  writeFileSync(path('empty.csv'), '');
  writeFileSync(path('gzip.csv'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00]));
  writeFileSync(path('binary.csv'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10, 0x00, 0x7f, 0x80, 0x81]));
  writeCsv(path('no-c.csv'), ['a', 'b'], rows.map((r) => r.slice(0, 2)));
  writeNpy(path('short.npy'), ROWS - 1, 4, new Float32Array((ROWS - 1) * 4).fill(0.5));

  // An edited baseline: one number changed by hand, nothing else.
  const original = readFileSync(path('baseline.json'), 'utf8');
  const edited = original.replace(/("mean":\s*)(-?[\d.e+-]+)/, (_, key: string, num: string) => `${key}${Number(num) + 1}`);
  if (edited === original) throw new Error('test setup: found no "mean" to edit in the baseline');
  writeFileSync(path('edited-baseline.json'), edited);
});
afterAll(() => tmp.cleanup());

/** One bad input: the command line and what stderr must say. */
interface BadCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly says: readonly (string | RegExp)[];
}

const cases = (): BadCase[] => [
  {
    name: 'a ragged row',
    args: ['baseline', path('ragged.csv'), '--out', path('never.json')],
    says: [`${path('ragged.csv')}:7:`, 'line 7 has 2 fields, expected 3'],
  },
  {
    name: 'a value that is not a number in a numeric column (batch read with the baseline schema)',
    args: ['scan', path('abc.csv'), '--baseline', path('baseline.json'), '--out', path('never-report')],
    says: [`${path('abc.csv')}:5:`, 'column "a"', '"abc" is not a number'],
  },
  {
    name: 'Infinity in a numeric column',
    args: ['drift', path('inf.csv'), '--baseline', path('baseline.json')],
    says: [`${path('inf.csv')}:9:`, 'column "b"', '"inf"'],
  },
  {
    name: 'Infinity in a numeric column of the verified data',
    args: ['baseline', path('inf.csv'), '--out', path('never.json')],
    says: [`${path('inf.csv')}:9:`, 'column "b"', '"inf"'],
  },
  {
    name: 'a label column that does not exist (baseline)',
    args: ['baseline', path('verified.csv'), '--label', 'nope', '--out', path('never.json')],
    says: [path('verified.csv'), 'label column "nope" does not exist', 'columns: a, b, c'],
  },
  {
    name: 'a label column that does not exist (scan without a baseline)',
    args: ['scan', path('verified.csv'), '--label', 'nope', '--out', path('never-report')],
    says: [path('verified.csv'), 'label column "nope" does not exist'],
  },
  {
    name: 'a label column that does not exist (scan against a baseline made without a label)',
    args: ['scan', path('verified.csv'), '--baseline', path('baseline.json'), '--label', 'nope', '--out', path('never-report')],
    says: [path('verified.csv'), 'label column "nope" does not exist'],
  },
  {
    name: 'an empty file',
    args: ['baseline', path('empty.csv'), '--out', path('never.json')],
    says: [path('empty.csv'), 'is empty'],
  },
  {
    name: 'an .npy whose row count does not match the table',
    args: ['baseline', path('verified.csv'), '--embeddings', path('short.npy'), '--out', path('never.json')],
    says: [path('short.npy'), `has ${ROWS - 1} rows`, `has ${ROWS}`],
  },
  {
    name: 'a gzip archive named .csv',
    args: ['drift', path('gzip.csv'), '--baseline', path('baseline.json')],
    says: [path('gzip.csv'), 'is not a CSV file', 'gzip'],
  },
  {
    name: 'binary bytes named .csv',
    args: ['baseline', path('binary.csv'), '--out', path('never.json')],
    says: [path('binary.csv'), 'is not a CSV file', 'binary data'],
  },
  {
    name: 'a batch with a column fewer than the baseline',
    args: ['scan', path('no-c.csv'), '--baseline', path('baseline.json'), '--out', path('never-report')],
    says: [path('no-c.csv'), 'the baseline was made from a different schema', 'column "c"', 'missing from the batch'],
  },
  {
    name: 'a baseline edited after it was made',
    args: ['drift', path('verified.csv'), '--baseline', path('edited-baseline.json')],
    says: [path('edited-baseline.json'), 'the baseline was modified after it was made'],
  },
  {
    name: 'a batch file that does not exist',
    args: ['scan', path('missing.csv'), '--baseline', path('baseline.json'), '--out', path('never-report')],
    says: [path('missing.csv'), 'does not exist'],
  },
  {
    name: 'a baseline file that does not exist',
    args: ['drift', path('verified.csv'), '--baseline', path('missing-baseline.json')],
    says: [path('missing-baseline.json'), 'no such file'],
  },
  {
    name: 'a data file that does not exist (baseline)',
    args: ['baseline', path('missing.csv'), '--out', path('never.json')],
    says: [path('missing.csv'), 'does not exist'],
  },
];

describe('bad input exits 1 with a message that says where, and no stack trace', () => {
  // All cases run at once: each is an independent child process.
  let results: Map<string, Awaited<ReturnType<typeof runCli>>>;
  beforeAll(async () => {
    const all = cases();
    const runs = await Promise.all(all.map((c) => runCli([...c.args, '--json'])));
    results = new Map(all.map((c, i) => [c.name, runs[i]!]));
  });

  it.each(cases().map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const run = results.get(c.name)!;
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 1 });
    expect(run.stdout, 'with --json, stdout carries results only').toBe('');
    expect(run.stderr).toMatch(new RegExp(`^antidote ${c.args[0]}: `));
    for (const s of c.says) {
      if (typeof s === 'string') expect(run.stderr).toContain(s);
      else expect(run.stderr).toMatch(s);
    }
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stderr).not.toMatch(TERMINAL_CONTROL);
  });

  it('leaves no baseline and no report behind', () => {
    expect(existsSync(path('never.json'))).toBe(false);
    expect(existsSync(path('never-report'))).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
