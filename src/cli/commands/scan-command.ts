import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ScanReport } from '../../core/scan-report.js';
import { renderScanReportHtml } from '../../report/scan-report-html.js';
import { scanBatch } from '../../workflows/scan-batch.js';
import { readDetectionPolicy } from '../../workflows/detection-policy.js';
import { createDetectorRegistry } from '../../detectors/detector-registry.js';
import { COMMON_OPTIONS, DATA_OPTIONS, stringOption, type Command } from '../command.js';
import { dataInputFlags, seedFlag } from '../data-input-flags.js';
import { driftSummary } from '../drift-summary.js';
import { EXIT } from '../exit-codes.js';

/** `antidote scan`: the data firewall's check of a batch, with its JSON and HTML report. */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan a batch before training: schema, drift, poison detectors, verdict, HTML report',
  usage: '<batch> [--baseline baseline.json] [--label COL] [--out DIR]',
  description:
    'Runs the schema checks, every drift test (with a baseline) and the poison detectors, and\n' +
    'decides a verdict: accept, quarantine or reject. Writes DIR/report.json and a standalone\n' +
    'DIR/report.html with plots.\n' +
    'Exit code 3 when the verdict is not accept. The poison detectors (outliers, label errors,\n' +
    'backdoors) score every row; the defaults depend on the data (see --policy).',
  options: {
    baseline: { type: 'string', short: 'b', value: 'FILE', help: 'the baseline made by `antidote baseline`' },
    label: { type: 'string', value: 'COL', help: 'the label column' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'report folder (default: antidote-report)' },
    config: { type: 'string', value: 'FILE', help: 'JSON drift thresholds per test and per column' },
    policy: { type: 'string', value: 'FILE', help: 'JSON detection policy: detectors, thresholds, contamination budget (see README)' },
    'skip-detectors': { type: 'boolean', help: 'schema and drift only: do not run the poison detectors' },
    seed: { type: 'string', value: 'N', help: 'seed for sampling and permutations (default 0)' },
    ...DATA_OPTIONS,
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 1, names: ['batch'] },
  examples: ['antidote scan batch.csv --baseline baseline.json --label label --out report', 'antidote scan emails.jsonl --json > report.json'],
  async run(ctx) {
    const baselinePath = stringOption(ctx, 'baseline');
    const label = stringOption(ctx, 'label');
    const configPath = stringOption(ctx, 'config');
    const outDir = stringOption(ctx, 'out') ?? 'antidote-report';
    const policyPath = stringOption(ctx, 'policy');
    const policy = policyPath ? await readDetectionPolicy(policyPath, [...createDetectorRegistry().keys()]) : undefined;
    const report = await scanBatch(ctx.positionals[0]!, {
      ...dataInputFlags(ctx), seed: seedFlag(ctx),
      ...(baselinePath ? { baselinePath } : {}), ...(label ? { label } : {}), ...(configPath ? { configPath } : {}),
      ...(policy ? { policy } : {}), detectors: ctx.values['skip-detectors'] !== true,
    });
    const paths = await writeReport(outDir, report);
    if (ctx.json) {
      ctx.printJson(report);
    } else {
      if (report.drift.length > 0) ctx.print(driftSummary(report.drift));
      for (const s of report.schema) ctx.print(`${s.severity}: ${s.column}: ${s.message}`);
      ctx.print('');
      ctx.print(`verdict: ${report.verdict}  (${report.summary.rows} rows, ${report.summary.columns} columns)`);
      for (const r of report.summary.reasons) ctx.print(`  - ${r}`);
      ctx.print(`report: ${paths.html}`);
    }
    return report.verdict === 'accept' ? EXIT.ok : EXIT.notAccepted;
  },
};

/** Writes report.json and report.html into `dir`, each atomically (temp file, then rename). */
export async function writeReport(dir: string, report: ScanReport): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  await writeAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomic(html, renderScanReportHtml(report));
  return { json: resolve(json), html: resolve(html) };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
