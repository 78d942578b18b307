import { describe, expect, it } from 'vitest';
import { isAntidoteError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { contaminationOffset, resolveContamination } from './contamination.js';
import { OUTLIER_DETECTORS } from './index.js';

describe('OUTLIER_DETECTORS registry entries', () => {
  it('lists six feature-only detectors whose names match what their factories build', () => {
    expect(OUTLIER_DETECTORS.map((e) => e.name)).toEqual(['isolation-forest', 'lof', 'knn', 'kmeans', 'dbscan', 'robust-mahalanobis']);
    for (const e of OUTLIER_DETECTORS) {
      const d = e.factory({ rng: createRng(1) });
      expect(d.name).toBe(e.name);
      expect(d.requires).toEqual(['features']);
      expect(e.requires).toEqual(['features']);
      expect(e.description.length).toBeGreaterThan(10);
    }
  });

  it('passes parameters through and rejects unknown keys, non-numbers and a missing rng by name', () => {
    const lof = OUTLIER_DETECTORS.find((e) => e.name === 'lof')!;
    expect(lof.factory({ rng: createRng(1), nNeighbors: 7 })).toMatchObject({ nNeighbors: 7 });
    expect(() => lof.factory({ rng: createRng(1), n_neighbors: 7 })).toThrow(
      'unknown option "n_neighbors" for detector lof; available: rng, contamination, nNeighbors, recallSample, search, approximate',
    );
    expect(() => lof.factory({ rng: createRng(1), nNeighbors: '7' })).toThrow('option "nNeighbors" of detector lof must be a finite number, got "7"');
    expect(() => lof.factory({ rng: createRng(1), search: 'fast' })).toThrow(/unknown neighbour search "fast"/);
    expect(() => lof.factory({} as never)).toThrow('detector lof needs options.rng, a seeded generator (createRng(seed))');
    let caught: unknown;
    try {
      lof.factory({ rng: createRng(1), contamination: 0.9 });
    } catch (e) {
      caught = e;
    }
    expect(isAntidoteError(caught, 'invalid_input')).toBe(true);
  });
});

describe('contamination', () => {
  it('defaults to 0.1, accepts (0, 0.5] and rejects the rest', () => {
    expect(resolveContamination(undefined)).toBe(0.1);
    expect(resolveContamination(0.5)).toBe(0.5);
    for (const bad of [0, -0.1, 0.51, NaN]) expect(() => resolveContamination(bad)).toThrow(/contamination must be a number in \(0, 0.5\]/);
  });

  it('sets the offset at numpy.percentile(scores, 100 * contamination)', () => {
    // numpy.percentile([-5, -4, -3, -2, -1], 10) = -4.6
    expect(contaminationOffset(Float64Array.of(-1, -2, -3, -4, -5), 0.1)).toBeCloseTo(-4.6, 12);
  });
});
