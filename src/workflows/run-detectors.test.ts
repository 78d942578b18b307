import { describe, expect, it } from 'vitest';
import type { Dataset } from '../core/dataset.js';
import { createRng } from '../core/rng.js';
import { createDetectorRegistry } from '../detectors/detector-registry.js';
import { defaultDetectors, defaultParams, runDetectors, TEXT_CONFIDENT_LEARNING_C } from './run-detectors.js';

function data(rows: number, flipRate: number, seed: number): { ds: Dataset; flipped: Uint8Array } {
  const rng = createRng(seed);
  const cols = Array.from({ length: 4 }, () => new Float64Array(rows));
  const codes = new Int32Array(rows);
  const flipped = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    for (const c of cols) c[i] = rng.normal();
    const y = cols[0]![i]! + cols[1]![i]! > 0 ? 1 : 0;
    flipped[i] = rng.next() < flipRate ? 1 : 0;
    codes[i] = flipped[i] ? 1 - y : y;
  }
  return {
    ds: { rowCount: rows, columns: [...cols.map((values, j) => ({ kind: 'numeric' as const, name: `f${j}`, values })), { kind: 'categorical', name: 'label', codes, categories: ['ham', 'spam'] }] },
    flipped,
  };
}

describe('runDetectors', () => {
  const registry = createDetectorRegistry();

  it('lets confident learning flag only the rows its rule selects (none on clean labels)', async () => {
    const { ds } = data(1500, 0, 1);
    const run = await runDetectors(ds, { registry, rng: createRng(2), label: 'label', policy: { run: ['confident-learning'] } });
    expect(run.rows.filter((r) => r.flagged).length).toBeLessThanOrEqual(15);
  });

  it('scales kNN label agreement as a share, so a clean batch is not flagged where most shares tie at 1', async () => {
    const { ds } = data(1500, 0, 6);
    const run = await runDetectors(ds, { registry, rng: createRng(7), label: 'label', policy: { run: ['knn-label'] } });
    expect(run.rows.filter((r) => r.flagged).length).toBeLessThanOrEqual(15);
    expect(Math.max(...run.rows.map((r) => r.suspicion))).toBeLessThanOrEqual(1);
  });

  it('finds flipped labels and suggests the right label', async () => {
    const { ds, flipped } = data(1500, 0.1, 3);
    const run = await runDetectors(ds, { registry, rng: createRng(4), label: 'label', policy: { run: ['confident-learning', 'knn-label'] } });
    const flagged = run.rows.filter((r) => r.flagged);
    const hits = flagged.filter((r) => flipped[r.index] === 1).length;
    expect(hits / flipped.reduce((s, v) => s + v, 0)).toBeGreaterThan(0.7); // recall
    expect(hits / flagged.length).toBeGreaterThan(0.7); // precision
    const labelCol = ds.columns[4]!;
    if (labelCol.kind !== 'categorical') throw new Error('label');
    for (const r of flagged.filter((x) => x.suggestedLabel && flipped[x.index] === 1)) {
      expect(r.suggestedLabel!.label).not.toBe(labelCol.categories[labelCol.codes[r.index]!]);
    }
    expect(run.detectors).toEqual(['confident-learning', 'knn-label']);
    expect(run.projection?.x.length).toBe(1500);
  });

  it('chooses detectors by the kind of data, and leaves slow ones out of large batches with a reason', () => {
    const small = defaultDetectors(data(100, 0, 5).ds, 'label');
    expect(small.run).toEqual(['isolation-forest', 'lof', 'confident-learning', 'knn-label', 'duplicate-labels']);
    expect(defaultDetectors(data(100, 0, 5).ds, null).run).toEqual(['isolation-forest', 'lof']);
    const large = defaultDetectors(data(20001, 0, 5).ds, 'label');
    expect(large.run).toEqual(['isolation-forest', 'confident-learning']);
    expect(large.skipped.map((s) => s.detector)).toEqual(['lof', 'knn-label', 'duplicate-labels']);
  });
});

describe('defaultParams', () => {
  it('gives confident learning a strong penalty on text features only, and leaves other detectors alone', () => {
    const text: Dataset = { rowCount: 1, columns: [{ kind: 'text', name: 'body', values: ['hi'] }, { kind: 'categorical', name: 'label', codes: Int32Array.of(0), categories: ['ham'] }] };
    const numeric = data(4, 0, 1).ds;
    expect(defaultParams('confident-learning', text, 'label')).toEqual({ C: TEXT_CONFIDENT_LEARNING_C });
    expect(defaultParams('confident-learning', numeric, 'label')).toEqual({});
    expect(defaultParams('knn-label', text, 'label')).toEqual({});
  });
});
