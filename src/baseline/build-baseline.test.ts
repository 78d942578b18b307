import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/dataset.js';
import { isAntidoteError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { parseBaseline, serializeBaseline } from './baseline-file.js';
import { buildBaseline } from './build-baseline.js';
import { EXACT_PROFILE_MAX, SKETCH_INTERVALS } from './numeric-profile.js';

function table(rows: number, seed: number): Dataset {
  const rng = createRng(seed);
  const a = Float64Array.from({ length: rows }, () => rng.normal());
  const b = Float64Array.from(a, (v) => 2 * v + 0.1 * rng.normal());
  const codes = Int32Array.from({ length: rows }, () => rng.nextInt(3));
  const label = Int32Array.from({ length: rows }, (_, i) => (a[i]! > 0 ? 1 : 0));
  return {
    rowCount: rows,
    columns: [
      { kind: 'numeric', name: 'a', values: a },
      { kind: 'numeric', name: 'b', values: b },
      { kind: 'categorical', name: 'colour', codes, categories: ['red', 'green', 'blue'] },
      { kind: 'text', name: 'note', values: Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? null : 'x'.repeat(1 + (i % 7)))) },
      { kind: 'categorical', name: 'label', codes: label, categories: ['no', 'yes'] },
    ],
  };
}

const source = { file: 't.csv', sha256: 'sha256:00' };

describe('buildBaseline', () => {
  it('keeps every value of a small column and a quantile sketch of a large one', () => {
    const small = buildBaseline(table(500, 1), { source, label: 'label', createdAt: 'T' });
    const a = small.columns[0]!;
    expect(a.kind === 'numeric' && a.distribution.exact && a.distribution.values.length === 500).toBe(true);
    const large = buildBaseline(table(EXACT_PROFILE_MAX + 1000, 1), { source, label: 'label', createdAt: 'T' });
    const b = large.columns[0]!;
    if (b.kind !== 'numeric') throw new Error('expected numeric');
    expect(b.distribution.exact).toBe(false);
    expect(b.distribution.values.length).toBe(SKETCH_INTERVALS + 1);
    expect(b.distribution.values[0]).toBe(b.min);
    expect(b.distribution.values[SKETCH_INTERVALS]).toBe(b.max);
    expect(b.psiBins.proportions.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(b.histogram.counts.reduce((s, v) => s + v, 0)).toBe(b.count);
  });

  it('profiles categories, text lengths, missing values, the label and correlations', () => {
    const bl = buildBaseline(table(1000, 2), { source, label: 'label', createdAt: 'T' });
    const colour = bl.columns[2]!;
    expect(colour.kind === 'categorical' && colour.counts.reduce((s, v) => s + v, 0)).toBe(1000);
    const note = bl.columns[3]!;
    expect(note.kind === 'text' && note.missing).toBe(100);
    expect(bl.label).toBe('label');
    expect(bl.correlation?.columns).toEqual(['a', 'b']);
    expect(bl.correlation!.matrix[1]).toBeGreaterThan(0.99);
  });

  it('is deterministic and its content hash changes with any edit', () => {
    const x = buildBaseline(table(300, 3), { source, createdAt: 'T' });
    const y = buildBaseline(table(300, 3), { source, createdAt: 'T' });
    expect(x.contentHash).toBe(y.contentHash);
    const parsed = parseBaseline(JSON.parse(serializeBaseline(x)));
    expect(parsed.contentHash).toBe(x.contentHash);
    const edited = JSON.parse(serializeBaseline(x)) as { columns: { mean: number }[] };
    edited.columns[0]!.mean += 1e-9;
    let err: unknown;
    try {
      parseBaseline(edited, 'b.json');
    } catch (e) {
      err = e;
    }
    expect(isAntidoteError(err, 'integrity_violation')).toBe(true);
  });

  it('rejects a label that is not a column, an empty table, and a file that is not a baseline', () => {
    expect(() => buildBaseline(table(10, 4), { source, label: 'nope' })).toThrow(/label column "nope" does not exist/);
    expect(() => buildBaseline({ rowCount: 0, columns: [] }, { source })).toThrow(/no rows/);
    expect(() => parseBaseline({ format: 'something-else' }, 'x.json')).toThrow(/not an Antidote baseline/);
  });
});
