import { createDetectorRegistry } from '../../detectors/detector-registry.js';
import { readDetectionPolicy, SANITIZE_ACTIONS, type SanitizeAction } from '../../workflows/detection-policy.js';
import { DEFAULT_SANITIZE_DIR, sanitizeBatch } from '../../workflows/sanitize-batch.js';
import { COMMON_OPTIONS, stringOption, type Command } from '../command.js';
import { UsageError } from '../data-input-flags.js';
import { EXIT } from '../exit-codes.js';

/** `antidote sanitize`: applies a policy to a scan report and splits the batch by each row's fate. */
export const sanitizeCommand: Command = {
  name: 'sanitize',
  summary: 'apply a scan report to its batch: keep, remove, quarantine or relabel flagged rows',
  usage: '<data> --report report.json [--policy FILE] [--action quarantine|remove|relabel] [--out DIR]',
  description:
    'Gives every row of the batch one fate from the report that `antidote scan` made of it:\n' +
    'unflagged rows are kept; flagged rows are removed, quarantined for review (with their\n' +
    'reasons) or relabelled to the suggested label when its confidence reaches the policy\'s\n' +
    'relabelMinConfidence (default 0.9; otherwise quarantined). Writes DIR/clean.<ext>,\n' +
    'DIR/quarantine.<ext> and DIR/sanitize-log.csv (row,fate,suspicion,reasons,old_label,new_label).\n' +
    'CSV/TSV and JSON Lines keep their format; Parquet and .npy are written as CSV.\n' +
    'The report must have been made from this very file (its sha256 is checked).',
  options: {
    report: { type: 'string', short: 'r', value: 'FILE', help: 'the report.json that `antidote scan` wrote for this file (required)' },
    policy: { type: 'string', value: 'FILE', help: 'JSON detection policy; its "sanitize" section sets action and relabelMinConfidence' },
    action: { type: 'string', value: 'ACTION', help: `what flagged rows become: ${SANITIZE_ACTIONS.join(', ')} (default: the policy's, else quarantine)` },
    out: { type: 'string', short: 'o', value: 'DIR', help: `output folder (default: ${DEFAULT_SANITIZE_DIR})` },
    delimiter: { type: 'string', value: 'CHAR', help: 'CSV field delimiter, as given to scan (default: detected; "\\t" for tab)' },
    ...COMMON_OPTIONS,
  },
  positionals: { min: 1, max: 1, names: ['data'] },
  examples: [
    'antidote sanitize batch.csv --report report/report.json',
    'antidote sanitize batch.csv --report report/report.json --action relabel --out clean-batch --json',
  ],
  async run(ctx) {
    const reportPath = stringOption(ctx, 'report');
    if (!reportPath) throw new UsageError('--report FILE is required (the report.json of `antidote scan`)');
    const actionText = stringOption(ctx, 'action');
    if (actionText !== undefined && !(SANITIZE_ACTIONS as readonly string[]).includes(actionText)) {
      throw new UsageError(`--action must be one of ${SANITIZE_ACTIONS.join(', ')}, got "${actionText}"`);
    }
    const policyPath = stringOption(ctx, 'policy');
    const policy = policyPath ? await readDetectionPolicy(policyPath, [...createDetectorRegistry().keys()]) : undefined;
    const d = stringOption(ctx, 'delimiter');
    const result = await sanitizeBatch(ctx.positionals[0]!, {
      reportPath,
      ...(actionText !== undefined ? { action: actionText as SanitizeAction } : {}),
      ...(policy ? { policy } : {}),
      ...(d !== undefined ? { delimiter: d === '\\t' || d === 'tab' ? '\t' : d } : {}),
      outDir: stringOption(ctx, 'out') ?? DEFAULT_SANITIZE_DIR,
    });
    if (result.convertedFrom) ctx.note(`note: ${result.convertedFrom} input: clean and quarantine rows are written as CSV`);
    if (ctx.json) {
      ctx.printJson({ out: result.out, counts: result.counts, files: result.files });
    } else {
      const c = result.counts;
      ctx.print(`${result.fates.length} rows: ${c.keep} kept, ${c.relabel} relabelled, ${c.quarantine} quarantined, ${c.remove} removed`);
      ctx.print(`clean:      ${result.files.clean}`);
      ctx.print(`quarantine: ${result.files.quarantine}`);
      ctx.print(`log:        ${result.files.log}`);
    }
    return EXIT.ok;
  },
};
