import { driftBatch } from '../../workflows/scan-batch.js';
import { decideVerdict } from '../../workflows/verdict.js';
import { COMMON_OPTIONS, DATA_OPTIONS, stringOption, type Command } from '../command.js';
import { dataInputFlags, seedFlag, UsageError } from '../data-input-flags.js';
import { driftSummary } from '../drift-summary.js';
import { EXIT } from '../exit-codes.js';

/** `antidote drift`: a batch against a baseline, every drift test. */
export const driftCommand: Command = {
  name: 'drift',
  summary: 'test a new batch against a baseline for distribution drift',
  usage: '<batch> --baseline baseline.json [--config drift.json]',
  description:
    'Compares each column of the batch with the baseline: Kolmogorov–Smirnov, PSI and Wasserstein for\n' +
    'numbers; chi-square and Jensen–Shannon for categories; label shift; correlation shift; a\n' +
    'multivariate MMD permutation test; embedding mean shift. p-values are corrected across the batch\n' +
    '(Benjamini–Hochberg). Exit code 3 when the verdict is not accept.',
  options: {
    baseline: { type: 'string', short: 'b', value: 'FILE', help: 'the baseline made by `antidote baseline` (required)' },
    config: { type: 'string', value: 'FILE', help: 'JSON thresholds per test and per column (see README)' },
    label: { type: 'string', value: 'COL', help: "the label column (default: the baseline's)" },
    seed: { type: 'string', value: 'N', help: 'seed for sampling and permutations (default 0)' },
    all: { type: 'boolean', help: 'list every test, not only the drifted ones' },
    ...DATA_OPTIONS,
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 1, names: ['batch'] },
  examples: ['antidote drift batch.csv --baseline baseline.json', 'antidote drift batch.parquet -b baseline.json --json | jq .drift'],
  async run(ctx) {
    const baselinePath = stringOption(ctx, 'baseline');
    if (!baselinePath) throw new UsageError('--baseline FILE is required (make one with `antidote baseline`)');
    const label = stringOption(ctx, 'label');
    const configPath = stringOption(ctx, 'config');
    const run = await driftBatch(ctx.positionals[0]!, {
      ...dataInputFlags(ctx), baselinePath, seed: seedFlag(ctx),
      ...(label ? { label } : {}), ...(configPath ? { configPath } : {}),
    });
    const { verdict, reasons } = decideVerdict({
      drift: run.check.results, driftedColumns: run.check.driftedColumns, checkedColumns: run.baseline.columns.length, schema: run.check.schema, rows: [],
      ...(run.config.rejectDriftedColumnShare !== undefined ? { rejectDriftedColumnShare: run.config.rejectDriftedColumnShare } : {}),
    });
    if (ctx.json) {
      ctx.printJson({ verdict, reasons, driftedColumns: run.check.driftedColumns, schema: run.check.schema, drift: run.check.results });
    } else {
      ctx.print(driftSummary(run.check.results, ctx.values['all'] === true));
      for (const s of run.check.schema) ctx.print(`${s.severity}: ${s.column}: ${s.message}`);
      ctx.print('');
      ctx.print(`verdict: ${verdict}`);
      for (const r of reasons) ctx.print(`  - ${r}`);
    }
    return verdict === 'accept' ? EXIT.ok : EXIT.notAccepted;
  },
};
