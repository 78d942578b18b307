import { describe, expect, it } from 'vitest';
import type { LedgerEntryRecord } from '../storage/vault-records.js';
import { belongsTo, heldRowIndices } from './ingest-pipeline.js';

const row = (index: number, flagged: boolean) => ({ index, suspicion: flagged ? 0.99 : 0.1, flagged, reasons: [] });

describe('heldRowIndices', () => {
  it('holds nothing on accept, every row on reject, the flagged rows on quarantine', () => {
    const rows = [row(0, false), row(1, true), row(2, false), row(3, true)];
    expect(heldRowIndices({ verdict: 'accept', rows })).toEqual([]);
    expect(heldRowIndices({ verdict: 'reject', rows })).toEqual([0, 1, 2, 3]);
    expect(heldRowIndices({ verdict: 'quarantine', rows })).toEqual([1, 3]);
  });

  it('holds the whole batch on a quarantine verdict without flagged rows (batch-wide drift)', () => {
    expect(heldRowIndices({ verdict: 'quarantine', rows: [row(0, false), row(1, false)] })).toEqual([0, 1]);
  });
});

describe('belongsTo', () => {
  const entry = (details: Record<string, unknown>) => ({ details }) as unknown as LedgerEntryRecord;
  it('matches the project field and the project\'s vault datasets only', () => {
    expect(belongsTo(entry({ project: 'clinic' }), 'clinic')).toBe(true);
    expect(belongsTo(entry({ dataset: 'clinic.tumours' }), 'clinic')).toBe(true);
    expect(belongsTo(entry({ dataset: 'clinic.x.tumours' }), 'clinic')).toBe(false);
    expect(belongsTo(entry({ dataset: 'clinical.tumours' }), 'clinic')).toBe(false);
    expect(belongsTo(entry({}), 'clinic')).toBe(false);
  });
});
