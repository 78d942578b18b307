import type { DriftResult, RowVerdict, SchemaFinding, Verdict } from '../core/scan-report.js';

/** What decides a verdict. */
export interface VerdictInput {
  readonly drift: readonly DriftResult[];
  readonly driftedColumns: readonly string[];
  readonly checkedColumns: number;
  readonly schema: readonly SchemaFinding[];
  readonly rows: readonly RowVerdict[];
  /** Reject when at least this share of checked columns drifted (default 0.5). */
  readonly rejectDriftedColumnShare?: number;
  /** Reject when more than this share of rows is flagged (default 0.1). */
  readonly contaminationBudget?: number;
}

/**
 * The batch verdict and the sentences that explain it:
 * `reject` when a schema error stands, at least half the columns drifted, or more rows are flagged
 * than the contamination budget allows;
 * `quarantine` when any test drifted or any row is flagged;
 * `accept` otherwise.
 */
export function decideVerdict(input: VerdictInput): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  const errors = input.schema.filter((s) => s.severity === 'error');
  const drifted = input.drift.filter((d) => d.drifted);
  const flagged = input.rows.filter((r) => r.flagged).length;
  const share = input.checkedColumns > 0 ? input.driftedColumns.length / input.checkedColumns : 0;
  const rejectShare = input.rejectDriftedColumnShare ?? 0.5;
  for (const e of errors) reasons.push(`schema: ${e.message}`);
  if (input.driftedColumns.length > 0) {
    reasons.push(`${input.driftedColumns.length} of ${input.checkedColumns} columns drifted from the baseline: ${input.driftedColumns.slice(0, 8).join(', ')}${input.driftedColumns.length > 8 ? ', ...' : ''}`);
  }
  for (const d of drifted.filter((x) => x.column === '*' || x.test === 'label-shift')) {
    reasons.push(`${d.test === 'label-shift' ? `the label distribution (${d.column}) shifted` : d.test === 'mmd' ? 'the joint distribution of the features differs (MMD)' : 'the correlations between features changed'} (effect ${d.effectSize.toFixed(3)}${d.adjustedPValue !== null ? `, adjusted p ${d.adjustedPValue.toExponential(2)}` : ''})`);
  }
  const budget = input.contaminationBudget ?? 0.1;
  const overBudget = input.rows.length > 0 && flagged / input.rows.length > budget;
  if (flagged > 0) reasons.push(`${flagged} of ${input.rows.length} rows flagged as suspicious (${(100 * flagged / input.rows.length).toFixed(1)}%${overBudget ? `, over the contamination budget of ${(100 * budget).toFixed(0)}%` : ''})`);
  let verdict: Verdict = 'accept';
  if (errors.length > 0 || overBudget || (input.checkedColumns > 0 && share >= rejectShare && input.driftedColumns.length > 0)) verdict = 'reject';
  else if (drifted.length > 0 || flagged > 0) verdict = 'quarantine';
  if (verdict === 'accept') reasons.push(input.drift.length > 0 ? `no test found drift (${input.drift.length} tests) and no row was flagged` : 'no baseline given and no row was flagged');
  return { verdict, reasons };
}
