import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { outliersFixture } from '../../../test/fixtures/outliers/outliers-fixture.js';
import { Dbscan } from './dbscan.js';
import { kDistanceKnee } from './k-distance-knee.js';

const { dbscan } = outliersFixture();

describe('Dbscan against scikit-learn DBSCAN(min_samples=5)', () => {
  it('finds the same core rows and noise rows for a given eps, and noise is exactly the scores below −2', async () => {
    const d = await new Dbscan({ rng: createRng(1), eps: dbscan.eps, minSamples: dbscan.min_samples }).fit(dbscan.x);
    const m = d.model!;
    expect(m.eps).toBe(dbscan.eps);
    expect(Array.from(m.core)).toEqual(dbscan.core);
    expect(Array.from(m.noise)).toEqual(dbscan.noise);
    const s = await d.scoreSamples(dbscan.x);
    s.forEach((v, i) => {
      expect(v < -2).toBe(dbscan.noise[i] === 1);
      expect(v >= -1).toBe(dbscan.core[i] === 1);
    });
  });

  it('chooses eps at the knee of the 4-distance curve, matching scikit-learn on that eps', async () => {
    const d = await new Dbscan({ rng: createRng(1) }).fit(dbscan.x);
    expect(d.model!.eps).toBeCloseTo(dbscan.knee_eps, 12);
    expect(Array.from(d.model!.core)).toEqual(dbscan.knee_core);
    expect(Array.from(d.model!.noise)).toEqual(dbscan.knee_noise);
  });

  it('scores new rows consistently with the fit rows: a copy of a core row inside the data scores in [−1, 0]', async () => {
    const d = await new Dbscan({ rng: createRng(1), eps: dbscan.eps }).fit(dbscan.x);
    const core = dbscan.core.indexOf(1);
    const noise = dbscan.noise.indexOf(1);
    const x = dbscan.x;
    const probe = { rows: 2, cols: 2, data: Float32Array.from([x.data[core * 2]! + 1e-3, x.data[core * 2 + 1]!, 100, 100]) };
    const [inside, far] = await d.scoreSamples(probe);
    expect(inside!).toBeGreaterThanOrEqual(-1);
    expect(far!).toBeLessThan(-2);
    expect(noise).toBeGreaterThanOrEqual(0);
  });

  it('keeps scores finite when eps is below every k-distance (no core rows: everything is noise)', async () => {
    const d = await new Dbscan({ rng: createRng(1), eps: 1e-6 }).fit(dbscan.x);
    const s = await d.scoreSamples(dbscan.x);
    expect(d.model!.noise.every((v) => v === 1)).toBe(true);
    expect(s.every((v) => Number.isFinite(v) && v < -2)).toBe(true);
  });

  it('rejects a bad eps or minSamples', () => {
    expect(() => new Dbscan({ rng: createRng(1), eps: 0 })).toThrow(/dbscan: eps must be a positive finite number/);
    expect(() => new Dbscan({ rng: createRng(1), minSamples: 1 })).toThrow(/dbscan: minSamples/);
  });
});

describe('kDistanceKnee', () => {
  it('equals the fixture script’s knee on scikit-learn’s k-distances', () => {
    expect(kDistanceKnee(dbscan.k_distance)).toBe(dbscan.knee_eps);
  });

  it('picks the bend of a flat-then-steep curve and handles degenerate inputs', () => {
    expect(kDistanceKnee([0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 2, 5])).toBe(0.15);
    expect(kDistanceKnee([0, 0, 0, 0.5, 3])).toBe(0.5);
    expect(kDistanceKnee([0, 0, 0])).toBe(1);
    expect(kDistanceKnee([2, 2])).toBe(2);
    expect(() => kDistanceKnee([])).toThrow(/no distances/);
    expect(() => kDistanceKnee([1, NaN])).toThrow(/distance 1 is NaN/);
  });
});
