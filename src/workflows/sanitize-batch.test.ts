import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AntidoteError } from '../core/errors.js';
import type { RowVerdict, ScanReport } from '../core/scan-report.js';
import { CsvTokenizer } from '../data/csv-tokenizer.js';
import { fileDigest } from './file-digest.js';
import { decideFates, parseScanReport, sanitizeBatch, type SanitizeResult } from './sanitize-batch.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'antidote-sanitize-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tokenize(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  const t = new CsvTokenizer(delimiter, (fields) => records.push(fields));
  t.push(Buffer.from(text, 'utf8'));
  t.end();
  return records;
}

/** Six rows: 0 clean, 1 flagged without suggestion, 2 flagged with a confident suggestion, 3 clean, 4 flagged with a weak suggestion, 5 flagged exactly at the bar. */
const VERDICTS: RowVerdict[] = [
  { index: 0, suspicion: 0.1, flagged: false, reasons: [] },
  { index: 1, suspicion: 0.999, flagged: true, reasons: [{ detector: 'isolation-forest', score: 0.999 }, { detector: 'lof', score: 0.7 }] },
  { index: 2, suspicion: 0.995, flagged: true, reasons: [{ detector: 'confident-learning', score: 0.995 }], suggestedLabel: { label: 'ham', confidence: 0.97 } },
  { index: 3, suspicion: 0.2, flagged: false, reasons: [{ detector: 'lof', score: 0.2 }] },
  { index: 4, suspicion: 0.991, flagged: true, reasons: [{ detector: 'knn-label', score: 0.991 }], suggestedLabel: { label: 'spam', confidence: 0.6 } },
  { index: 5, suspicion: 0.993, flagged: true, reasons: [{ detector: 'confident-learning', score: 0.993 }], suggestedLabel: { label: 'spam', confidence: 0.9 } },
];

async function reportFor(dataPath: string, rows: readonly RowVerdict[] = VERDICTS, label: string | null = 'label'): Promise<string> {
  const report = {
    format: 'antidote-scan-report', version: 1, createdAt: new Date(0).toISOString(), verdict: 'quarantine',
    summary: { rows: rows.length, columns: 3, driftedTests: 0, driftedColumns: [], flaggedRows: rows.filter((r) => r.flagged).length, schemaErrors: 0, schemaWarnings: 0, reasons: [] },
    input: { file: dataPath, sha256: await fileDigest(dataPath), label },
    baseline: null, schema: [], drift: [], rows, distributions: [], duplicates: null, detectors: [], detection: null,
  } satisfies ScanReport;
  const p = `${dataPath}.report.json`;
  await writeFile(p, JSON.stringify(report));
  return p;
}

const CSV_HEADER = ['id', 'text', 'label'];
const CSV_ROWS = [
  ['r0', 'plain', 'ham'],
  ['r1', 'a, comma', 'spam'],
  ['r2', 'she said "hi"', 'spam'],
  ['r3', 'two\nlines', 'ham'],
  ['r4', 'cr\r\nlf, and "both"', 'ham'],
  ['r5', '', 'ham'],
];

async function csvInput(name: string): Promise<string> {
  const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const p = join(dir, name);
  await writeFile(p, [CSV_HEADER, ...CSV_ROWS].map((r) => r.map(q).join(',')).join('\n') + '\n');
  return p;
}

/** The fate of each input row as the outputs show it: where its `id` went. */
async function whereRowsWent(result: SanitizeResult): Promise<{ clean: string[][]; quarantine: string[][]; log: string[][] }> {
  const clean = tokenize(await readFile(result.files.clean, 'utf8'));
  const quarantine = tokenize(await readFile(result.files.quarantine, 'utf8'));
  const log = tokenize(await readFile(result.files.log, 'utf8'));
  return { clean, quarantine, log };
}

describe('decideFates', () => {
  it('keeps unflagged rows and applies the action to flagged ones; relabel needs a confident suggestion', () => {
    expect(decideFates(VERDICTS, 'remove').map((f) => f.fate)).toEqual(['keep', 'remove', 'remove', 'keep', 'remove', 'remove']);
    expect(decideFates(VERDICTS, 'quarantine').map((f) => f.fate)).toEqual(['keep', 'quarantine', 'quarantine', 'keep', 'quarantine', 'quarantine']);
    const relabel = decideFates(VERDICTS, 'relabel', 0.9);
    expect(relabel.map((f) => [f.fate, f.newLabel])).toEqual([
      ['keep', undefined], ['quarantine', undefined], ['relabel', 'ham'], ['keep', undefined], ['quarantine', undefined], ['relabel', 'spam'],
    ]);
    expect(decideFates(VERDICTS, 'relabel', 0.95).map((f) => f.fate)).toEqual(['keep', 'quarantine', 'relabel', 'keep', 'quarantine', 'quarantine']);
  });
});

describe('sanitizeBatch on CSV', () => {
  for (const action of ['quarantine', 'remove', 'relabel'] as const) {
    it(`${action}: every input row appears exactly once across clean, quarantine and removed-in-log, cells intact`, async () => {
      const data = await csvInput(`batch-${action}.csv`);
      const result = await sanitizeBatch(data, { reportPath: await reportFor(data), action, outDir: join(dir, `out-${action}`) });
      const { clean, quarantine, log } = await whereRowsWent(result);

      expect(clean[0]).toEqual(CSV_HEADER);
      expect(quarantine[0]).toEqual([...CSV_HEADER, '_antidote_row', '_antidote_suspicion', '_antidote_reasons']);
      expect(log[0]).toEqual(['row', 'fate', 'suspicion', 'reasons', 'old_label', 'new_label']);
      expect(log.slice(1).map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5']);

      const removed = log.slice(1).filter((r) => r[1] === 'remove').map((r) => r[0]);
      const seen = [...clean.slice(1).map((r) => r[0]), ...quarantine.slice(1).map((r) => r[0]), ...removed.map((i) => `r${i}`)].sort();
      expect(seen).toEqual(CSV_ROWS.map((r) => r[0]).sort());

      // Every field survives the round trip; only a relabelled row's label changes.
      const relabelled = new Map(result.fates.filter((f) => f.fate === 'relabel').map((f) => [`r${f.index}`, f.newLabel!]));
      for (const row of clean.slice(1)) {
        const original = CSV_ROWS.find((r) => r[0] === row[0])!;
        expect(row).toEqual([original[0], original[1], relabelled.get(row[0]!) ?? original[2]]);
      }
      for (const row of quarantine.slice(1)) {
        const i = Number(row[3]);
        expect(row.slice(0, 3)).toEqual(CSV_ROWS[i]);
        expect(row[5]).toBe(VERDICTS[i]!.reasons.map((r) => `${r.detector}:${r.score}`).join(';'));
      }
      const counts = result.counts;
      expect(counts.keep + counts.remove + counts.quarantine + counts.relabel).toBe(CSV_ROWS.length);
      expect(clean.length - 1 + quarantine.length - 1 + counts.remove).toBe(CSV_ROWS.length);
    });
  }

  it('relabel: relabelled rows carry the suggested label, the log shows old and new, weak suggestions are quarantined', async () => {
    const data = await csvInput('batch-relabel-log.csv');
    const result = await sanitizeBatch(data, { reportPath: await reportFor(data), policy: { sanitize: { action: 'relabel' } }, outDir: join(dir, 'out-relabel-log') });
    expect(result.counts).toEqual({ keep: 2, remove: 0, quarantine: 2, relabel: 2 });
    const { clean, log } = await whereRowsWent(result);
    expect(clean.find((r) => r[0] === 'r2')![2]).toBe('ham');
    expect(clean.find((r) => r[0] === 'r5')![2]).toBe('spam');
    expect(log[3]).toEqual(['2', 'relabel', '0.995', 'confident-learning:0.995', 'spam', 'ham']);
    expect(log[5]).toEqual(['4', 'quarantine', '0.991', 'knn-label:0.991', 'ham', '']);
  });

  it('defaults to quarantine, and an explicit action overrides the policy', async () => {
    const data = await csvInput('batch-default.csv');
    const reportPath = await reportFor(data);
    expect((await sanitizeBatch(data, { reportPath, outDir: join(dir, 'out-default') })).counts).toEqual({ keep: 2, remove: 0, quarantine: 4, relabel: 0 });
    const r = await sanitizeBatch(data, { reportPath, action: 'remove', policy: { sanitize: { action: 'relabel' } }, outDir: join(dir, 'out-override') });
    expect(r.counts).toEqual({ keep: 2, remove: 4, quarantine: 0, relabel: 0 });
  });

  it('keeps a TSV a TSV', async () => {
    const p = join(dir, 'batch.tsv');
    await writeFile(p, 'id\ttext\tlabel\n' + CSV_ROWS.map((r) => [r[0], `"${r[1]!.replace(/"/g, '""')}"`, r[2]].join('\t')).join('\n') + '\n');
    const result = await sanitizeBatch(p, { reportPath: await reportFor(p), action: 'remove', outDir: join(dir, 'out-tsv') });
    expect(result.files.clean.endsWith('clean.tsv')).toBe(true);
    expect(tokenize(await readFile(result.files.clean, 'utf8'), '\t')).toEqual([CSV_HEADER, CSV_ROWS[0], CSV_ROWS[3]]);
  });
});

describe('sanitizeBatch on JSON Lines', () => {
  it('keeps original lines verbatim, adds the review field to quarantined ones, relabels in the original type', async () => {
    const lines = ['{"id": 0, "label": 1}', '{ "id":1,"label":0 }', '{"id": 2, "label": 0}', '', '{"id":3,"label":1,"_antidote":"mine"}', '{"id": 4, "label": 1}', '{"id": 5, "label": 1}'];
    const p = join(dir, 'batch.jsonl');
    await writeFile(p, lines.join('\r\n') + '\r\n');
    const rows = VERDICTS.map((v) => (v.suggestedLabel ? { ...v, suggestedLabel: { ...v.suggestedLabel, label: '0' } } : v));
    const result = await sanitizeBatch(p, { reportPath: await reportFor(p, rows), action: 'relabel', outDir: join(dir, 'out-jsonl') });
    expect(result.counts).toEqual({ keep: 2, remove: 0, quarantine: 2, relabel: 2 });
    const clean = (await readFile(result.files.clean, 'utf8')).split('\n');
    expect(clean).toEqual([lines[0], '{"id":2,"label":0}', lines[4], '{"id":5,"label":0}', '']);
    const quarantine = (await readFile(result.files.quarantine, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(quarantine).toEqual([
      { id: 1, label: 0, _antidote: { row: 1, suspicion: 0.999, reasons: VERDICTS[1]!.reasons } },
      { id: 4, label: 1, _antidote: { row: 4, suspicion: 0.991, reasons: VERDICTS[4]!.reasons } },
    ]);
  });
});

describe('sanitizeBatch on Parquet', () => {
  it('writes CSV and says so', async () => {
    const p = join(dir, 'batch.parquet');
    const buf = parquetWriteBuffer({ columnData: [{ name: 'id', data: CSV_ROWS.map((r) => r[0]!) }, { name: 'text', data: CSV_ROWS.map((r) => r[1]!) }, { name: 'label', data: CSV_ROWS.map((r) => r[2]!) }] });
    await writeFile(p, new Uint8Array(buf));
    const result = await sanitizeBatch(p, { reportPath: await reportFor(p), action: 'relabel', outDir: join(dir, 'out-parquet') });
    expect(result.convertedFrom).toBe('parquet');
    expect(result.files.clean.endsWith('clean.csv')).toBe(true);
    expect(tokenize(await readFile(result.files.clean, 'utf8'))).toEqual([CSV_HEADER, CSV_ROWS[0], ['r2', CSV_ROWS[2]![1], 'ham'], CSV_ROWS[3], ['r5', '', 'spam']]);
  });
});

describe('bad input', () => {
  async function rejection(p: Promise<unknown>): Promise<AntidoteError> {
    const e = await p.then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(AntidoteError);
    return e as AntidoteError;
  }

  it('rejects a report made from another file, and writes nothing', async () => {
    const a = await csvInput('a.csv');
    const b = join(dir, 'b.csv');
    await writeFile(b, (await readFile(a, 'utf8')).replace('plain', 'plain!'));
    const out = join(dir, 'out-other');
    const e = await rejection(sanitizeBatch(b, { reportPath: await reportFor(a), outDir: out }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/made from another file/);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a report with another row count, a file that is not a report, and rows out of order', async () => {
    const data = await csvInput('c.csv');
    const short = await rejection(sanitizeBatch(data, { reportPath: await reportFor(data, VERDICTS.slice(0, 5)), outDir: join(dir, 'out-short') }));
    expect(short.message).toMatch(/report has 5 rows but .* has 6/);
    expect(() => parseScanReport({ format: 'antidote-baseline' })).toThrow(/format is "antidote-baseline", expected "antidote-scan-report"/);
    const swapped = { ...JSON.parse(await readFile(await reportFor(data), 'utf8')), rows: [VERDICTS[1], VERDICTS[0]] };
    expect(() => parseScanReport(swapped)).toThrow(/index is 1, expected 0/);
  });

  it('fails before writing when relabelling needs a label column the file lacks', async () => {
    const data = await csvInput('d.csv');
    const out = join(dir, 'out-nolabel');
    const e = await rejection(sanitizeBatch(data, { reportPath: await reportFor(data, VERDICTS, 'target'), action: 'relabel', outDir: out }));
    expect(e.message).toMatch(/cannot relabel: the report's label column "target"/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
