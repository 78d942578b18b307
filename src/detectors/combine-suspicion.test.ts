import { describe, expect, it } from 'vitest';
import { combineSuspicion } from './combine-suspicion.js';

describe('combineSuspicion', () => {
  it('averages the weighted suspicions, lifts flagged rows into [0.5, 1], flags at each detector threshold, and names the reasons', () => {
    const rows = combineSuspicion(3, [
      { detector: 'a', suspicion: Float64Array.from([0.1, 0.9995, 0.6]) },
      { detector: 'b', suspicion: Float64Array.from([0.2, 0.7, 0.96]), threshold: 0.95, weight: 0.5 },
    ]);
    const mean = (a: number, b: number) => (a + 0.5 * b) / 1.5;
    expect(rows[0]!.suspicion).toBeCloseTo(mean(0.1, 0.2) / 2, 6);
    expect(rows[1]!.suspicion).toBeCloseTo((1 + mean(0.9995, 0.7)) / 2, 6);
    expect(rows[2]!.suspicion).toBeCloseTo((1 + mean(0.6, 0.96)) / 2, 6);
    expect(rows.map((r) => r.flagged)).toEqual([false, true, true]);
    expect(rows[1]!.reasons).toEqual([{ detector: 'a', score: 0.9995 }, { detector: 'b', score: 0.7 }]);
    expect(rows[0]!.reasons).toEqual([]);
    expect(rows.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it('averages only the informative detectors, but flags by any', () => {
    const rows = combineSuspicion(2, [
      { detector: 'good', suspicion: Float64Array.from([0.9, 0.1]) },
      { detector: 'noise', suspicion: Float64Array.from([0.0, 0.9999]) },
    ], { informative: ['good'] });
    expect(rows.map((r) => r.suspicion)).toEqual([0.45, 0.55]);
    expect(rows.map((r) => r.flagged)).toEqual([false, true]);
  });

  it("flags what a deciding detector decided, whatever its suspicion", () => {
    const rows = combineSuspicion(2, [{ detector: 'cl', suspicion: Float64Array.from([0.3, 0.1]), decided: Uint8Array.from([0, 1]) }]);
    expect(rows.map((r) => r.flagged)).toEqual([false, true]);
    expect(rows[1]!.reasons[0]!.detector).toBe('cl');
    const cleared = combineSuspicion(2, [{ detector: 'cl', suspicion: Float64Array.from([0.3, 0.1]), decided: Uint8Array.from([0, 1]), threshold: Number.POSITIVE_INFINITY }]);
    expect(cleared.map((r) => r.flagged)).toEqual([false, false]);
  });

  it('refuses outcomes of the wrong length', () => {
    expect(() => combineSuspicion(2, [{ detector: 'x', suspicion: new Float64Array(3) }])).toThrow(/scored 3 rows/);
  });
});
