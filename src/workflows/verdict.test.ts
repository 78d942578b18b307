import { describe, expect, it } from 'vitest';
import type { DriftResult } from '../core/scan-report.js';
import { decideVerdict } from './verdict.js';

const result = (column: string, drifted: boolean, test = 'ks'): DriftResult => ({
  column, test, statistic: 0.1, pValue: drifted ? 1e-6 : 0.5, adjustedPValue: drifted ? 1e-5 : 0.5, effectSize: 0.1, drifted, threshold: { alpha: 0.05, minEffect: 0 },
});

describe('decideVerdict', () => {
  it('accepts when nothing drifted and nothing is flagged', () => {
    const v = decideVerdict({ drift: [result('a', false)], driftedColumns: [], checkedColumns: 4, schema: [], rows: [] });
    expect(v.verdict).toBe('accept');
    expect(v.reasons[0]).toMatch(/no test found drift/);
  });
  it('quarantines on any drift below the reject share, and on flagged rows', () => {
    expect(decideVerdict({ drift: [result('a', true)], driftedColumns: ['a'], checkedColumns: 4, schema: [], rows: [] }).verdict).toBe('quarantine');
    expect(decideVerdict({ drift: [result('*', true, 'mmd')], driftedColumns: [], checkedColumns: 4, schema: [], rows: [] }).verdict).toBe('quarantine');
    const rows = Array.from({ length: 20 }, (_, i) => ({ index: i, suspicion: i === 0 ? 0.9 : 0, flagged: i === 0, reasons: [] }));
    expect(decideVerdict({ drift: [], driftedColumns: [], checkedColumns: 0, schema: [], rows }).verdict).toBe('quarantine');
  });
  it('rejects when more rows are flagged than the contamination budget allows', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ index: i, suspicion: i < 2 ? 1 : 0, flagged: i < 2, reasons: [] }));
    const v = decideVerdict({ drift: [], driftedColumns: [], checkedColumns: 0, schema: [], rows, contaminationBudget: 0.1 });
    expect(v.verdict).toBe('reject');
    expect(v.reasons[0]).toBe('2 of 10 rows flagged as suspicious (20.0%, over the contamination budget of 10%)');
    expect(decideVerdict({ drift: [], driftedColumns: [], checkedColumns: 0, schema: [], rows, contaminationBudget: 0.25 }).verdict).toBe('quarantine');
  });

  it('rejects when at least the configured share of columns drifted, or on a schema error', () => {
    const drift = [result('a', true), result('b', true)];
    expect(decideVerdict({ drift, driftedColumns: ['a', 'b'], checkedColumns: 4, schema: [], rows: [] }).verdict).toBe('reject');
    expect(decideVerdict({ drift, driftedColumns: ['a', 'b'], checkedColumns: 4, schema: [], rows: [], rejectDriftedColumnShare: 0.75 }).verdict).toBe('quarantine');
    expect(decideVerdict({ drift: [], driftedColumns: [], checkedColumns: 4, schema: [{ column: 'a', problem: 'kind_mismatch', severity: 'error', message: 'x' }], rows: [] }).verdict).toBe('reject');
  });
});
