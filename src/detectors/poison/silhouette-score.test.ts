import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { f64, loadPoisonFixture, type FixtureMatrix } from '../../../test/fixtures/poison/poison-fixtures.js';
import { silhouetteScore } from './silhouette-score.js';
import { twoMeans } from './two-means.js';

const fx = loadPoisonFixture<{ silhouette: { z: FixtureMatrix; labels: number[]; silhouette: number }[] }>('linalg.json');

describe('silhouetteScore against scikit-learn silhouette_score', () => {
  for (const c of fx.silhouette) {
    it(`${c.z.rows} rows x ${c.z.cols}`, () => {
      expect(silhouetteScore(f64(c.z), Uint8Array.from(c.labels), createRng(1))).toBeCloseTo(c.silhouette, 12);
    });
  }

  it('is 0 when one cluster is empty', () => {
    const c = fx.silhouette[0]!;
    expect(silhouetteScore(f64(c.z), new Uint8Array(c.z.rows), createRng(1))).toBe(0);
  });
});

describe('twoMeans', () => {
  it('separates two well-apart groups, the same way for the same seed', () => {
    const rng = createRng(5);
    const n = 120;
    const data = Float64Array.from({ length: n * 3 }, (_, p) => rng.normal() + (Math.floor(p / 3) < 20 ? 8 : 0));
    const z = { rows: n, cols: 3, data };
    const a = twoMeans(z, createRng(9));
    const b = twoMeans(z, createRng(9));
    expect(Array.from(a.assignment)).toEqual(Array.from(b.assignment));
    const small = a.sizes[0] < a.sizes[1] ? 0 : 1;
    expect(Math.min(...a.sizes)).toBe(20);
    for (let i = 0; i < n; i++) expect(a.assignment[i] === small).toBe(i < 20);
  });
});
