import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serializeBaseline } from '../../baseline/baseline-file.js';
import { makeBaseline } from '../../workflows/make-baseline.js';
import { COMMON_OPTIONS, DATA_OPTIONS, stringOption, type Command } from '../command.js';
import { dataInputFlags, seedFlag, UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';

/** `antidote baseline`: profile a verified data set into baseline.json. */
export const baselineCommand: Command = {
  name: 'baseline',
  summary: 'profile a verified data set into a baseline file',
  usage: '<data> [--label COL] --out baseline.json',
  description:
    'Reads a verified data file (CSV, JSON Lines, Parquet) and writes its profile: schema, per-column\n' +
    'quantile sketches and histograms, category frequencies, label distribution, correlations,\n' +
    'embedding summaries, an encoded row sample, and a content hash. Later batches are checked\n' +
    'against it with `antidote drift` and `antidote scan`.',
  options: {
    label: { type: 'string', value: 'COL', help: 'the label column' },
    out: { type: 'string', short: 'o', value: 'FILE', help: 'where to write the baseline (required)' },
    seed: { type: 'string', value: 'N', help: 'seed for the row sample (default 0)' },
    ...DATA_OPTIONS,
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 1, names: ['data'] },
  examples: ['antidote baseline verified.csv --label label --out baseline.json'],
  async run(ctx) {
    const out = stringOption(ctx, 'out');
    if (!out) throw new UsageError('--out FILE is required: where to write the baseline');
    const label = stringOption(ctx, 'label');
    const baseline = await makeBaseline(ctx.positionals[0]!, { ...dataInputFlags(ctx), ...(label ? { label } : {}), seed: seedFlag(ctx) });
    await mkdir(dirname(out), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    await writeFile(tmp, serializeBaseline(baseline));
    await rename(tmp, out);
    const summary = { out, rows: baseline.source.rows, columns: baseline.columns.length, label: baseline.label, contentHash: baseline.contentHash };
    if (ctx.json) ctx.printJson(summary);
    else ctx.print(`baseline of ${summary.rows} rows x ${summary.columns} columns written to ${out} (${baseline.contentHash.slice(0, 19)}…)`);
    return EXIT.ok;
  },
};
