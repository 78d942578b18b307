import { describe, expect, it } from 'vitest';
import { correlationProfile } from '../baseline/build-baseline.js';
import type { Dataset, NumericColumn } from '../core/dataset.js';
import { createRng } from '../core/rng.js';
import { correlationDifference } from '../stats/correlation-difference.js';
import { CORRELATION_SAMPLE_ROWS, measureCorrelationShift } from './correlation-drift.js';

/** Three columns; b = rho * a + sqrt(1 - rho²) * noise, c independent. */
function table(rows: number, rho: number, seed: number): Dataset {
  const rng = createRng(seed);
  const a = new Float64Array(rows);
  const b = new Float64Array(rows);
  const c = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    a[i] = rng.normal();
    b[i] = rho * a[i]! + Math.sqrt(1 - rho * rho) * rng.normal();
    c[i] = rng.normal();
  }
  const col = (name: string, values: Float64Array): NumericColumn => ({ kind: 'numeric', name, values });
  return { rowCount: rows, columns: [col('a', a), col('b', b), col('c', c)] };
}

describe('measureCorrelationShift on a sample of a long batch', () => {
  const profile = correlationProfile(table(50_000, 0, 1), null)!;
  const rows = CORRELATION_SAMPLE_ROWS + 50_000;

  it('flags a real correlation change, with the sample size as the batch n of the Fisher z test', () => {
    const m = measureCorrelationShift(profile, table(rows, 0.3, 2), { rng: createRng(3) })!;
    expect(m.details?.['rowsUsed']).toBe(CORRELATION_SAMPLE_ROWS);
    expect(m.pValue).toBeLessThan(1e-12);
    expect(m.effectSize).toBeGreaterThan(0.25);
    const worst = m.details?.['worstPair'] as { a: string; b: string; baseline: number; batch: number };
    expect([worst.a, worst.b]).toEqual(['a', 'b']);
    expect(worst.batch).toBeCloseTo(0.3, 1);
    // The statistic is the z of the sampled r with n = the sample size, not the batch length.
    const ab = profile.columns.indexOf('b');
    const z = correlationDifference(worst.baseline, profile.counts[ab]!, worst.batch, CORRELATION_SAMPLE_ROWS).statistic;
    expect(m.statistic).toBeCloseTo(Math.abs(z), 9);
  });

  it('does not flag a batch from the same distribution', () => {
    for (const seed of [4, 5, 6]) {
      const m = measureCorrelationShift(profile, table(rows, 0, seed), { rng: createRng(seed) })!;
      expect(m.details?.['rowsUsed']).toBe(CORRELATION_SAMPLE_ROWS);
      expect(m.pValue).toBeGreaterThan(0.01);
      expect(m.effectSize).toBeLessThan(0.1);
    }
  });

  it('reads every row without an rng or below maxRows, and the same sample from the same seed', () => {
    const batch = table(rows, 0.3, 7);
    expect(measureCorrelationShift(profile, batch)!.details?.['rowsUsed']).toBe(rows);
    expect(measureCorrelationShift(profile, batch, { rng: createRng(1), maxRows: rows })!.details?.['rowsUsed']).toBe(rows);
    const once = measureCorrelationShift(profile, batch, { rng: createRng(8), maxRows: 1000 })!;
    expect(once.details?.['rowsUsed']).toBe(1000);
    expect(measureCorrelationShift(profile, batch, { rng: createRng(8), maxRows: 1000 })).toEqual(once);
  });
});
