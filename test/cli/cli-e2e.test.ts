// End-to-end runs of the built `antidote` command as a child process (stdout and stderr are pipes,
// as in CI or `antidote ... | jq`): help, --json, exit codes, the report.json contract, the HTML
// report, the baseline file, and the drift verdict on batches with and without a shift.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/baseline/canonical-json.js';
import { createRng } from '../../src/core/rng.js';
import { EXAMPLE, requireBuiltCli, runCli, STACK_LINE, SYNTHETIC_HEADER, syntheticRows, tempDir, TERMINAL_CONTROL, writeCsv, type CliRun } from './helpers.js';

const tmp = tempDir('e2e');
beforeAll(() => requireBuiltCli());
afterAll(() => tmp.cleanup());

/** Nothing a terminal would interpret (progress bar, colours) and no stack trace on stderr. */
function expectCleanStderr(run: CliRun): void {
  expect(run.stderr).not.toMatch(TERMINAL_CONTROL);
  expect(run.stderr).not.toMatch(STACK_LINE);
}

/** stdout as JSON: it must be the JSON document and nothing else. */
function parseStdout(run: CliRun): Record<string, unknown> {
  let value: unknown;
  expect(() => (value = JSON.parse(run.stdout)), `stdout is not one JSON document:\n${run.stdout.slice(0, 500)}`).not.toThrow();
  expect(typeof value).toBe('object');
  return value as Record<string, unknown>;
}

describe('antidote --help', () => {
  it('lists every command, and every command has --help with its usage', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expectCleanStderr(top);
    expect(top.stdout).toMatch(/^Usage: antidote <command>/m);
    const section = top.stdout.split(/^Commands:$/m)[1] ?? '';
    const listed = [...section.matchAll(/^ {2}([a-z][\w-]*) {2,}\S/gm)].map((m) => m[1]!);
    expect(listed).toEqual(expect.arrayContaining(['scan', 'baseline', 'drift']));

    // Every command's --help, and the other two spellings once.
    const asked: [string, string[]][] = [...listed.map((name) => [name, [name, '--help']] as [string, string[]]), ['scan', ['scan', '-h']], ['drift', ['help', 'drift']]];
    const runs = await Promise.all(asked.map(([, args]) => runCli(args)));
    runs.forEach((run, i) => {
      const name = asked[i]![0];
      expect(run.code, `${name} help`).toBe(0);
      expect(run.stdout).toContain(`Usage: antidote ${name} `);
      expect(run.stdout).toMatch(/^Options:$/m);
      expect(run.stdout).toContain('--json');
      expect(run.stderr).toBe('');
    });
  });

  it('exits 1 with a pointer to --help on bad usage, and never prints a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['scan', '--bogus', 'x.csv'], /antidote scan: .*'--bogus'[\s\S]*antidote scan --help/],
      [['scan'], /antidote scan: missing <batch>[\s\S]*antidote scan --help/],
      [['baseline', EXAMPLE.verified], /--out FILE is required/],
      [['drift', EXAMPLE.batch], /--baseline FILE is required/],
      [['drift', EXAMPLE.batch, 'extra.csv', '-b', 'b.json'], /unexpected argument "extra.csv"/],
      [['scan', EXAMPLE.batch, '--seed', '-3'], /--seed/],
      [['frobnicate'], /unknown command "frobnicate"; commands: scan, baseline, drift/],
      [[], /^$/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli([...args, ...(args.length > 0 ? ['--json'] : [])])));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(message);
      expectCleanStderr(run);
      // With --json, stdout carries results only: a usage error prints none.
      if (args.length > 0) expect(run.stdout).toBe('');
    });
  });
});

describe('the shipped example (breast cancer, poisoned batch)', () => {
  const baselinePath = join(tmp.dir, 'example', 'baseline.json');
  const reportDir = join(tmp.dir, 'example', 'report');
  let baselineRun: CliRun;
  let scanRun: CliRun;

  beforeAll(async () => {
    baselineRun = await runCli(['baseline', EXAMPLE.verified, '--label', EXAMPLE.label, '--out', baselinePath, '--json']);
    scanRun = await runCli(['scan', EXAMPLE.batch, '--baseline', baselinePath, '--label', EXAMPLE.label, '--out', reportDir, '--json']);
  });

  it('baseline: exit 0, a JSON summary on stdout, a small file whose contentHash verifies', () => {
    expect(baselineRun.code, baselineRun.stderr).toBe(0);
    expectCleanStderr(baselineRun);
    const summary = parseStdout(baselineRun);
    const file = JSON.parse(readFileSync(baselinePath, 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ rows: 400, columns: 31, label: EXAMPLE.label, contentHash: file['contentHash'] });
    expect(file['format']).toBe('antidote-baseline');
    const { contentHash: stated, ...body } = file;
    expect(stated).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(contentHash(body)).toBe(stated);
    expect(statSync(baselinePath).size).toBeLessThan(1024 * 1024);
  });

  it('scan: exit 3 (not accepted), stdout is the report and nothing else, equal to report.json', () => {
    expect(scanRun.code, scanRun.stderr).toBe(3);
    expectCleanStderr(scanRun);
    const printed = parseStdout(scanRun);
    const written = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(printed).toEqual(written);
    expect(written['verdict']).not.toBe('accept');
  });

  it('report.json keeps its contract: verdict, summary, drift[], one row per data row in input order', () => {
    const report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8')) as {
      verdict: unknown; summary: Record<string, unknown>; drift: Record<string, unknown>[]; rows: Record<string, unknown>[];
    };
    expect(['accept', 'quarantine', 'reject']).toContain(report.verdict);
    expect(report.summary).toMatchObject({ rows: expect.any(Number), columns: 31, reasons: expect.any(Array) });
    expect((report.summary['reasons'] as unknown[]).length).toBeGreaterThan(0);

    expect(report.drift.length).toBeGreaterThan(0);
    for (const d of report.drift) {
      expect(d).toMatchObject({ column: expect.any(String), test: expect.any(String), statistic: expect.any(Number), effectSize: expect.any(Number), drifted: expect.any(Boolean) });
      expect('pValue' in d).toBe(true);
      if (d['pValue'] !== null) {
        expect(d['pValue']).toBeGreaterThanOrEqual(0);
        expect(d['pValue']).toBeLessThanOrEqual(1);
      }
    }
    expect(report.drift.some((d) => d['drifted'] === true)).toBe(true);

    const dataRows = readFileSync(EXAMPLE.batch, 'utf8').split(/\r?\n/).filter((l) => l.length > 0).length - 1;
    expect(report.summary['rows']).toBe(dataRows);
    expect(report.rows).toHaveLength(dataRows);
    report.rows.forEach((r, i) => {
      expect(r).toMatchObject({ index: i, flagged: expect.any(Boolean), reasons: expect.any(Array) });
      expect(r['suspicion']).toBeGreaterThanOrEqual(0);
      expect(r['suspicion']).toBeLessThanOrEqual(1);
    });
  });

  it('report.html is standalone: inline SVG plots, no external resources', () => {
    const html = readFileSync(join(reportDir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/\shref\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
  });

  it('drift prints the table for people on stdout and exits 3', async () => {
    const run = await runCli(['drift', EXAMPLE.batch, '--baseline', baselinePath]);
    expect(run.code, run.stderr).toBe(3);
    expectCleanStderr(run);
    expect(run.stdout).toMatch(/^verdict: (quarantine|reject)$/m);
  });
});

describe('batches drawn from the baseline distribution, and one with a shifted column', () => {
  const dir = join(tmp.dir, 'synthetic');
  const baselinePath = join(dir, 'baseline.json');
  const batches = 5;
  let baselineRun: CliRun;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const rng = createRng(1);
    writeCsv(join(dir, 'verified.csv'), SYNTHETIC_HEADER, syntheticRows(rng, 2000));
    for (let k = 0; k < batches; k++) writeCsv(join(dir, `batch-${k}.csv`), SYNTHETIC_HEADER, syntheticRows(rng, 400));
    writeCsv(join(dir, 'shifted.csv'), SYNTHETIC_HEADER, syntheticRows(rng, 400, { ageShiftSd: 1 }));
    baselineRun = await runCli(['baseline', join(dir, 'verified.csv'), '--label', 'label', '--out', baselinePath]);
  });

  it('profiles numeric, categorical, boolean and text columns', () => {
    expect(baselineRun.code, baselineRun.stderr).toBe(0);
    expect(baselineRun.stdout).toMatch(/baseline of 2000 rows x 6 columns written to/);
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as { schema: { columns: { name: string; kind: string }[] } };
    expect(Object.fromEntries(baseline.schema.columns.map((c) => [c.name, c.kind]))).toEqual({
      age: 'numeric', income: 'numeric', city: 'categorical', member: 'boolean', comment: 'text', label: 'categorical',
    });
  });

  it('accepts every batch from the same distribution (exit 0)', async () => {
    // Drift only: the synthetic label is drawn independently of the features, so label-error
    // detectors would rightly find it unpredictable; they are tested on planted poison elsewhere.
    const scan = runCli(['scan', join(dir, 'batch-0.csv'), '--baseline', baselinePath, '--out', join(dir, 'report-0'), '--skip-detectors']);
    const drifts = Array.from({ length: batches - 1 }, (_, k) => runCli(['drift', join(dir, `batch-${k + 1}.csv`), '-b', baselinePath, '--json']));
    const [scanRun, ...driftRuns] = await Promise.all([scan, ...drifts]);
    expect(scanRun!.code, scanRun!.stdout + scanRun!.stderr).toBe(0);
    expect(scanRun!.stdout).toMatch(/^verdict: accept /m);
    expectCleanStderr(scanRun!);
    const report = JSON.parse(readFileSync(join(dir, 'report-0', 'report.json'), 'utf8')) as { verdict: string; rows: unknown[]; drift: { drifted: boolean }[] };
    expect(report.verdict).toBe('accept');
    expect(report.rows).toHaveLength(400);
    expect(report.drift.filter((d) => d.drifted)).toEqual([]);
    for (const run of driftRuns) {
      const result = parseStdout(run) as { verdict: string; driftedColumns: string[]; drift: { column: string; test: string; drifted: boolean }[] };
      expect({ code: run.code, verdict: result.verdict, drifted: result.drift.filter((d) => d.drifted) }).toEqual({ code: 0, verdict: 'accept', drifted: [] });
      expectCleanStderr(run);
    }
  });

  it('reports the column shifted by one standard deviation as drifted (exit 3)', async () => {
    const run = await runCli(['drift', join(dir, 'shifted.csv'), '-b', baselinePath, '--json']);
    expect(run.code, run.stderr).toBe(3);
    expectCleanStderr(run);
    const result = parseStdout(run) as { verdict: string; driftedColumns: string[]; drift: { column: string; test: string; drifted: boolean }[] };
    expect(result.verdict).not.toBe('accept');
    expect(result.driftedColumns).toContain('age');
    expect(result.drift.filter((d) => d.column === 'age' && d.drifted).map((d) => d.test)).toContain('ks');
  });
});
