import type { Baseline } from '../core/baseline.js';
import type { Dataset } from '../core/dataset.js';
import { AntidoteError } from '../core/errors.js';
import type { SchemaFinding } from '../core/scan-report.js';

/**
 * Compares a batch's columns with the baseline schema. Missing columns, other kinds and other
 * vector lengths mean the baseline was made from a different schema: an input error naming
 * every difference. Extra columns are warnings (they are not checked).
 */
export function checkSchema(baseline: Baseline, batch: Dataset, ignored: ReadonlySet<string> = new Set()): SchemaFinding[] {
  const errors: string[] = [];
  const findings: SchemaFinding[] = [];
  for (const col of baseline.schema.columns) {
    if (ignored.has(col.name)) continue;
    const b = batch.columns.find((c) => c.name === col.name);
    if (!b) errors.push(`column "${col.name}" (${col.kind}) is missing from the batch`);
    else if (b.kind !== col.kind) errors.push(`column "${col.name}" is ${b.kind} in the batch but ${col.kind} in the baseline`);
    else if (b.kind === 'embedding' && col.dim !== undefined && b.dim !== col.dim) errors.push(`column "${col.name}" has vectors of length ${b.dim} in the batch but ${col.dim} in the baseline`);
  }
  if (errors.length > 0) {
    throw new AntidoteError('invalid_input', `the baseline was made from a different schema: ${errors.join('; ')}`);
  }
  for (const c of batch.columns) {
    if (!baseline.schema.columns.some((s) => s.name === c.name)) {
      findings.push({ column: c.name, problem: 'extra_column', severity: 'warning', message: `column "${c.name}" is not in the baseline and is not checked` });
    }
  }
  return findings;
}
