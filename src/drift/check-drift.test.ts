import { describe, expect, it } from 'vitest';
import { buildBaseline } from '../baseline/build-baseline.js';
import type { Dataset, NumericColumn } from '../core/dataset.js';
import { createRng } from '../core/rng.js';
import { checkDrift } from './check-drift.js';
import { CORRELATION_SAMPLE_ROWS } from './correlation-drift.js';
import { createDriftTestRegistry } from './drift-test-registry.js';
import { measureMmd } from './mmd-drift.js';

const ROWS = CORRELATION_SAMPLE_ROWS + 30_000;
const SHIFTED = 'x2';

/** Four float32-rounded standard normal columns; `shift` moves column x2. */
function table(seed: number, shift: number): Dataset {
  const rng = createRng(seed);
  const columns: NumericColumn[] = ['x0', 'x1', 'x2', 'x3'].map((name) => {
    const values = new Float64Array(ROWS);
    const s = name === SHIFTED ? shift : 0;
    for (let i = 0; i < ROWS; i++) values[i] = Math.fround(rng.normal() + s);
    return { kind: 'numeric', name, values };
  });
  return { rowCount: ROWS, columns };
}

/** The numeric columns as row-major encoded features. */
function features(ds: Dataset): { rows: number; dim: number; values: Float32Array } {
  const cols = ds.columns as NumericColumn[];
  const values = new Float32Array(ds.rowCount * cols.length);
  for (let i = 0; i < ds.rowCount; i++) cols.forEach((c, j) => (values[i * cols.length + j] = c.values[i]!));
  return { rows: ds.rowCount, dim: cols.length, values };
}

describe('checkDrift on a long table', () => {
  const reference = table(1, 0);
  const baseline = buildBaseline(reference, { source: { file: 'reference', sha256: '' }, features: { encoder: null, ...features(reference) } });
  const registry = createDriftTestRegistry();

  it('flags the shifted column and only it, with the correlation test on a sample', () => {
    const check = checkDrift(baseline, table(2, 0.2), { registry, rng: createRng(3) });
    expect(check.driftedColumns).toEqual([SHIFTED]);
    const ks = check.results.filter((r) => r.test === 'ks');
    expect(ks.map((r) => r.drifted)).toEqual([false, false, true, false]);
    const correlation = check.results.find((r) => r.test === 'correlation-shift')!;
    expect(correlation.drifted).toBe(false);
    expect(correlation.details?.['rowsUsed']).toBe(CORRELATION_SAMPLE_ROWS);
  });

  it('gives the MMD test the rng first, so sampling the correlations does not change its result', () => {
    const batch = table(4, 0);
    const encodedBatch = features(batch);
    const check = checkDrift(baseline, batch, { registry, rng: createRng(5), encodedBatch, config: { mmd: { permutations: 50 } } });
    const alone = measureMmd(baseline.sample!, encodedBatch, { rng: createRng(5), permutations: 50 })!;
    const mmd = check.results.find((r) => r.test === 'mmd')!;
    expect(mmd.statistic).toBe(alone.statistic);
    expect(mmd.pValue).toBe(alone.pValue);
    expect(check.results.map((r) => r.test).slice(-2)).toEqual(['correlation-shift', 'mmd']);
  });
});
