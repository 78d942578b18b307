// "A batch drawn from the same distribution as the baseline must not be reported as drifted":
// measured as a rate over many seeded batches, with the default thresholds, and the power to
// see a real shift with the same thresholds.
import { describe, expect, it } from 'vitest';
import { buildBaseline } from '../src/baseline/build-baseline.js';
import type { Dataset } from '../src/core/dataset.js';
import { createRng, type Rng } from '../src/core/rng.js';
import { checkDrift } from '../src/drift/check-drift.js';
import { createDriftTestRegistry } from '../src/drift/drift-test-registry.js';

function table(rng: Rng, rows: number, shift = 0): Dataset {
  const a = Float64Array.from({ length: rows }, () => rng.normal() + shift);
  const b = Float64Array.from(a, (v) => 0.6 * (v - shift) + 0.8 * rng.normal());
  const skewed = Float64Array.from({ length: rows }, () => Math.exp(rng.normal()));
  const discrete = Float64Array.from({ length: rows }, () => rng.nextInt(5));
  const codes = Int32Array.from({ length: rows }, () => (rng.next() < 0.5 ? 0 : rng.next() < 0.6 ? 1 : 2));
  const flag = Uint8Array.from({ length: rows }, () => (rng.next() < 0.3 ? 1 : 0));
  const label = Int32Array.from(a, (v) => (v - shift + 0.5 * rng.normal() > 0 ? 1 : 0));
  return {
    rowCount: rows,
    columns: [
      { kind: 'numeric', name: 'a', values: a },
      { kind: 'numeric', name: 'b', values: b },
      { kind: 'numeric', name: 'skewed', values: skewed },
      { kind: 'numeric', name: 'discrete', values: discrete },
      { kind: 'categorical', name: 'colour', codes, categories: ['red', 'green', 'blue'] },
      { kind: 'boolean', name: 'flag', values: flag },
      { kind: 'categorical', name: 'label', codes: label, categories: ['no', 'yes'] },
    ],
  };
}

describe('drift false alarms and power, default thresholds', () => {
  const registry = createDriftTestRegistry();

  for (const [baselineRows, batchRows] of [[3000, 300], [5000, 5000]] as const) {
    it(`reports at most a few of 100 same-distribution batches as drifted (baseline ${baselineRows}, batch ${batchRows} rows)`, () => {
      const baseline = buildBaseline(table(createRng(1), baselineRows), { source: { file: 'b', sha256: 'x' }, label: 'label', createdAt: 'T' });
      let alarms = 0;
      for (let s = 0; s < 100; s++) {
        const check = checkDrift(baseline, table(createRng(1000 + s), batchRows), { registry, rng: createRng(s) });
        if (check.results.some((r) => r.drifted)) alarms++;
      }
      // alpha 0.01 after Benjamini–Hochberg bounds the p-valued tests' share near 1%; the
      // distance tests sit above their noise floors. 4 of 100 is far beyond 1% by chance (p < 0.02).
      expect(alarms).toBeLessThanOrEqual(4);
    });
  }

  it('sees a shift of half a standard deviation in one column in nearly every batch', () => {
    const baseline = buildBaseline(table(createRng(1), 3000), { source: { file: 'b', sha256: 'x' }, label: 'label', createdAt: 'T' });
    let seen = 0;
    for (let s = 0; s < 40; s++) {
      const check = checkDrift(baseline, table(createRng(2000 + s), 300, 0.5), { registry, rng: createRng(s) });
      if (check.driftedColumns.includes('a')) seen++;
    }
    expect(seen).toBeGreaterThanOrEqual(38);
  });
});
