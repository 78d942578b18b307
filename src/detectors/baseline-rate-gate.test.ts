import { describe, expect, it } from 'vitest';
import { gateByBaselineRate } from './baseline-rate-gate.js';
import type { DetectorOutcome } from './combine-suspicion.js';

/** An outcome over `n` rows whose first `flagged` rows are over the default threshold. */
function outcome(detector: string, n: number, flagged: number, decided = false): DetectorOutcome {
  const suspicion = Float64Array.from({ length: n }, (_, i) => (i < flagged ? 0.9999 : 0.1));
  return decided ? { detector, suspicion, decided: Uint8Array.from(suspicion, (s) => (s > 0.5 ? 1 : 0)) } : { detector, suspicion };
}

describe('gateByBaselineRate', () => {
  const calibration = { rows: 5000, detectors: [{ detector: 'lof', flagged: 250 }, { detector: 'confident-learning', flagged: 10 }] };

  it('clears the flags of a detector that flags no more rows than on the verified baseline', () => {
    const { outcomes, gates } = gateByBaselineRate([outcome('lof', 1000, 52)], calibration);
    expect(gates[0]).toMatchObject({ detector: 'lof', flagged: 52, kept: false });
    expect(gates[0]!.baselineRate).toBeCloseTo(251 / 5002, 12);
    expect(outcomes[0]!.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(outcomes[0]!.suspicion[0]).toBe(0.9999); // suspicions stay for the ranking
  });

  it('keeps them when the batch has significantly more, and clears a deciding detector\'s own decisions when it has not', () => {
    const { outcomes, gates } = gateByBaselineRate([outcome('lof', 1000, 120), outcome('confident-learning', 1000, 2, true)], calibration);
    expect(gates.map((g) => g.kept)).toEqual([true, false]);
    expect(gates[0]!.pValue).toBeLessThan(1e-6);
    expect(outcomes[0]!.threshold).toBeUndefined();
    expect(outcomes[1]!.decided).toBeUndefined();
  });

  it('passes detectors the baseline did not run unchanged, and honours alpha', () => {
    const knn = outcome('knn', 100, 3);
    const { outcomes, gates } = gateByBaselineRate([knn], calibration);
    expect(outcomes[0]).toBe(knn);
    expect(gates).toEqual([]);
    expect(gateByBaselineRate([outcome('lof', 1000, 52)], calibration, { alpha: 1 }).gates[0]!.kept).toBe(true);
  });
});
