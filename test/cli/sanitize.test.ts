// End-to-end runs of `antidote sanitize` on the shipped example: `scan` the poisoned batch against
// its verified baseline, then sanitise it with each action, and check that every input row lands
// exactly once in clean, quarantine or the log's removed rows, in order and with its cells intact.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/core/scan-report.js';
import { CsvTokenizer } from '../../src/data/csv-tokenizer.js';
import { EXAMPLE, requireBuiltCli, runCli, STACK_LINE, tempDir, TERMINAL_CONTROL, type CliRun } from './helpers.js';

const tmp = tempDir('sanitize');
const baselinePath = join(tmp.dir, 'baseline.json');
const reportDir = join(tmp.dir, 'report');
const reportPath = join(reportDir, 'report.json');
let scanRun: CliRun;
let report: ScanReport;

beforeAll(async () => {
  requireBuiltCli();
  const baselineRun = await runCli(['baseline', EXAMPLE.verified, '--label', EXAMPLE.label, '--out', baselinePath]);
  expect(baselineRun.code, baselineRun.stderr).toBe(0);
  scanRun = await runCli(['scan', EXAMPLE.batch, '--baseline', baselinePath, '--label', EXAMPLE.label, '--out', reportDir, '--quiet']);
  report = JSON.parse(readFileSync(reportPath, 'utf8')) as ScanReport;
});
afterAll(() => tmp.cleanup());

function csvRecords(path: string): string[][] {
  const records: string[][] = [];
  const t = new CsvTokenizer(',', (fields) => records.push(fields));
  t.push(readFileSync(path));
  t.end();
  return records;
}

interface Outputs {
  readonly out: string;
  readonly counts: Record<'keep' | 'remove' | 'quarantine' | 'relabel', number>;
  readonly files: { readonly clean: string; readonly quarantine: string; readonly log: string };
}

function parseJson(run: CliRun): Outputs {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(TERMINAL_CONTROL);
  expect(run.stderr).not.toMatch(STACK_LINE);
  return JSON.parse(run.stdout) as Outputs;
}

describe('antidote sanitize on the example batch', () => {
  const [header, ...input] = csvRecords(EXAMPLE.batch);
  const labelAt = header!.indexOf(EXAMPLE.label);

  it('the scan it starts from flags rows, some with a suggested label', () => {
    expect(scanRun.code, scanRun.stderr).toBe(3);
    expect(report.rows).toHaveLength(input.length);
    expect(report.rows.some((r) => r.flagged)).toBe(true);
    expect(report.rows.some((r) => r.flagged && r.suggestedLabel)).toBe(true);
  });

  for (const action of ['quarantine', 'remove', 'relabel'] as const) {
    it(`--action ${action}: every input row appears exactly once, in order, cells intact`, async () => {
      const out = join(tmp.dir, `sanitized-${action}`);
      const result = parseJson(await runCli(['sanitize', EXAMPLE.batch, '--report', reportPath, '--action', action, '--out', out, '--json']));
      expect(result.files).toEqual({ clean: join(out, 'clean.csv'), quarantine: join(out, 'quarantine.csv'), log: join(out, 'sanitize-log.csv') });

      const [cleanHeader, ...clean] = csvRecords(result.files.clean);
      const [quarantineHeader, ...quarantine] = csvRecords(result.files.quarantine);
      const [logHeader, ...log] = csvRecords(result.files.log);
      expect(cleanHeader).toEqual(header);
      expect(quarantineHeader).toEqual([...header!, '_antidote_row', '_antidote_suspicion', '_antidote_reasons']);
      expect(logHeader).toEqual(['row', 'fate', 'suspicion', 'reasons', 'old_label', 'new_label']);

      // One log line per input row, in order, with the fate the report and the action call for.
      expect(log.map((l) => Number(l[0]))).toEqual(input.map((_, i) => i));
      log.forEach((l, i) => {
        const v = report.rows[i]!;
        const expected = !v.flagged ? 'keep' : action !== 'relabel' ? action : v.suggestedLabel && v.suggestedLabel.confidence >= 0.9 ? 'relabel' : 'quarantine';
        expect(l[1], `row ${i}`).toBe(expected);
        expect(l[3]).toBe(v.reasons.map((r) => `${r.detector}:${r.score}`).join(';'));
        expect(l[4]).toBe(input[i]![labelAt]);
      });

      // Clean holds the kept and relabelled rows, quarantine the quarantined ones, each in input order.
      const rowsWith = (...fates: string[]): number[] => log.filter((l) => fates.includes(l[1]!)).map((l) => Number(l[0]));
      expect(clean).toHaveLength(rowsWith('keep', 'relabel').length);
      rowsWith('keep', 'relabel').forEach((i, k) => {
        const expected = [...input[i]!];
        if (log[i]![1] === 'relabel') expected[labelAt] = report.rows[i]!.suggestedLabel!.label;
        expect(clean[k]).toEqual(expected);
      });
      expect(quarantine.map((q) => q.slice(0, header!.length))).toEqual(rowsWith('quarantine').map((i) => input[i]));
      expect(quarantine.map((q) => Number(q[header!.length]))).toEqual(rowsWith('quarantine'));
      expect(clean.length + quarantine.length + rowsWith('remove').length).toBe(input.length);
      expect(result.counts).toEqual({
        keep: rowsWith('keep').length, remove: rowsWith('remove').length, quarantine: rowsWith('quarantine').length, relabel: rowsWith('relabel').length,
      });
      expect(result.counts[action === 'relabel' ? 'relabel' : action]).toBeGreaterThan(0);
    });
  }

  it('relabel: the relabelled rows carry the suggested label, and the log says old and new', async () => {
    const out = join(tmp.dir, 'sanitized-relabel-log');
    const result = parseJson(await runCli(['sanitize', EXAMPLE.batch, '--report', reportPath, '--action', 'relabel', '--out', out, '--json']));
    const relabelled = csvRecords(result.files.log).slice(1).filter((l) => l[1] === 'relabel');
    expect(relabelled.length).toBeGreaterThan(0);
    for (const l of relabelled) {
      const s = report.rows[Number(l[0])]!.suggestedLabel!;
      expect(s.confidence).toBeGreaterThanOrEqual(0.9);
      expect(l[5]).toBe(s.label);
      expect(l[4]).not.toBe(l[5]);
    }
  });

  it('takes the action from a policy file, and prints counts and paths for people', async () => {
    const policy = join(tmp.dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ sanitize: { action: 'relabel', relabelMinConfidence: 0.5 } }));
    const out = join(tmp.dir, 'sanitized-policy');
    const run = await runCli(['sanitize', EXAMPLE.batch, '--report', reportPath, '--policy', policy, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const flagged = report.rows.filter((r) => r.flagged);
    const relabel = flagged.filter((r) => r.suggestedLabel && r.suggestedLabel.confidence >= 0.5).length;
    expect(run.stdout).toContain(`${input.length} rows: ${input.length - flagged.length} kept, ${relabel} relabelled, ${flagged.length - relabel} quarantined, 0 removed`);
    expect(run.stdout).toContain(join(out, 'clean.csv'));
    expect(run.stdout).toContain(join(out, 'sanitize-log.csv'));
  });

  it('exits 1 for a report made from another file, a bad action, or no --report', async () => {
    const [other, badAction, noReport] = await Promise.all([
      runCli(['sanitize', EXAMPLE.verified, '--report', reportPath, '--out', join(tmp.dir, 'never'), '--json']),
      runCli(['sanitize', EXAMPLE.batch, '--report', reportPath, '--action', 'burn']),
      runCli(['sanitize', EXAMPLE.batch]),
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/was made from another file/);
    expect(other.stdout).toBe('');
    expect(badAction.code).toBe(1);
    expect(badAction.stderr).toMatch(/--action must be one of quarantine, remove, relabel, got "burn"/);
    expect(noReport.code).toBe(1);
    expect(noReport.stderr).toMatch(/--report FILE is required/);
    for (const run of [other, badAction, noReport]) expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
